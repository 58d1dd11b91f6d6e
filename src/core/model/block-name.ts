/**
 * The region a RAMBlock belongs to: its idstr without the qdev path (`0000:00:02.0/vga.vram` →
 * `vga.vram`); fw_cfg blobs (`/rom@etc/acpi/tables`) are named whole. Dependency-free, so the
 * webview can use it too.
 */
export function regionNameOfBlock(idstr: string): string {
  return idstr.startsWith('/') || !idstr.includes('/') ? idstr : idstr.slice(idstr.lastIndexOf('/') + 1);
}
