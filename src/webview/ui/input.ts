/**
 * Wheel, drag and keyboard on the canvas, translated into MapView calls. Wheel zooms around the pointer
 * (horizontal wheel or shift pans); a press that moves pans, one that does not is a click.
 */
import type { MapView } from './map-view';

const DRAG_SLOP = 4;
const KEY_ZOOM = 1.5;

/** Pixels per wheel "line" or "page", for devices that do not report pixels. */
function wheelPixels(e: WheelEvent, d: number, page: number): number {
  return e.deltaMode === WheelEvent.DOM_DELTA_LINE ? d * 16 : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? d * page : d;
}

/** The pointer position of a mouse event in canvas CSS px. */
function localPoint(canvas: HTMLCanvasElement, e: MouseEvent): { x: number; y: number } {
  const r = canvas.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

/** Connects the canvas's events to the view. */
export function attachInput(canvas: HTMLCanvasElement, view: MapView): void {
  attachWheel(canvas, view);
  attachPointer(canvas, view);
  canvas.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (keyAction(e, canvas.clientWidth, view)) e.preventDefault();
  });
}

/** Wheel: zoom around the pointer; a horizontal wheel or shift pans. */
function attachWheel(canvas: HTMLCanvasElement, view: MapView): void {
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const { x } = localPoint(canvas, e);
      const dx = wheelPixels(e, e.deltaX, canvas.clientWidth);
      const dy = wheelPixels(e, e.deltaY, canvas.clientHeight);
      if (e.shiftKey) view.panBy(dy || dx);
      else if (Math.abs(dx) > Math.abs(dy)) view.panBy(dx);
      else view.zoomBy(Math.exp(-dy * 0.002), x);
    },
    { passive: false },
  );
}

/** Pointer: a press that moves pans, one that does not is a click; a move without a press hovers. */
function attachPointer(canvas: HTMLCanvasElement, view: MapView): void {
  let drag: { id: number; x: number; last: number; moved: boolean } | undefined;
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    canvas.focus();
    drag = { id: e.pointerId, x: e.clientX, last: e.clientX, moved: false };
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic pointers (tests, some assistive tools) cannot be captured; dragging still works inside the canvas.
    }
  });
  canvas.addEventListener('pointermove', (e) => {
    if (drag && drag.id === e.pointerId) {
      if (!drag.moved && Math.abs(e.clientX - drag.x) < DRAG_SLOP) return;
      drag.moved = true;
      view.panBy(drag.last - e.clientX);
      drag.last = e.clientX;
      return;
    }
    const { x, y } = localPoint(canvas, e);
    view.pointerAt(x, y);
  });
  const release = (e: PointerEvent, cancelled: boolean): void => {
    if (!drag || drag.id !== e.pointerId) return;
    const wasClick = !drag.moved && !cancelled;
    drag = undefined;
    if (wasClick) {
      const { x, y } = localPoint(canvas, e);
      view.click(x, y);
    }
  };
  canvas.addEventListener('pointerup', (e) => release(e, false));
  canvas.addEventListener('pointercancel', (e) => release(e, true));
  canvas.addEventListener('pointerleave', () => {
    if (!drag) view.pointerLeft();
  });
}

/** Does what key `e` means on a canvas `width` px wide; false when the key means nothing here. */
function keyAction(e: KeyboardEvent, width: number, view: MapView): boolean {
  const page = e.shiftKey ? width * 0.8 : width * 0.1;
  switch (e.key) {
    case '+':
    case '=':
      view.zoomBy(KEY_ZOOM);
      break;
    case '-':
    case '_':
      view.zoomBy(1 / KEY_ZOOM);
      break;
    case 'ArrowLeft':
      view.panBy(-page);
      break;
    case 'ArrowRight':
      view.panBy(page);
      break;
    case 'ArrowUp':
      view.step(-1);
      break;
    case 'ArrowDown':
      view.step(1);
      break;
    case 'Home':
      view.toEnd(-1);
      break;
    case 'End':
      view.toEnd(1);
      break;
    case '0':
      view.fitAll();
      break;
    case 'Enter':
    case ' ':
      view.activate();
      break;
    case 'Escape':
      view.clearSelection();
      break;
    default:
      return false;
  }
  return true;
}
