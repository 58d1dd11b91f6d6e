import { captureFromQmp } from '../../src/qmp';
import { startQemu, withQmp } from './qemu';

/** The memory backend and DIMM the hot-plug adds. */
export const HOTPLUG = { backend: 'hotmem0', dimm: 'dimm0', size: 128n << 20n } as const;

/**
 * Two captures of one real QEMU (pc, 128M, two DIMM slots): before, and after QMP hot-adds a 128 MiB
 * memory-backend-ram and a pc-dimm on it. The semantic diff of `before` and `after` must report exactly
 * that change: the backend's RAMBlock and the DIMM's region in the device-memory container.
 */
export async function captureBeforeAndAfterHotplug(): Promise<{ before: string; after: string }> {
  const qemu = await startQemu(['-M', 'pc', '-m', '128M,slots=2,maxmem=1G']);
  try {
    const options = { command: 'live test', timeoutMs: 20_000 };
    const before = (await captureFromQmp(qemu.address, options)).text;
    await withQmp(qemu, async (client) => {
      await client.execute('object-add', { 'qom-type': 'memory-backend-ram', id: HOTPLUG.backend, size: Number(HOTPLUG.size) });
      await client.execute('device_add', { driver: 'pc-dimm', id: HOTPLUG.dimm, memdev: HOTPLUG.backend });
    });
    const after = (await captureFromQmp(qemu.address, options)).text;
    return { before, after };
  } finally {
    await qemu.stop();
  }
}
