// App-wide confirm dialog and toasts. Any component can ask; `Overlays.svelte`
// (mounted once in App) shows them.

export type ConfirmRequest = {
  title: string;
  message: string;
  /** Extra lines under the message (e.g. what will be deleted). */
  details?: string[];
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
};

export type Toast = {
  id: number;
  message: string;
  tone: "info" | "error";
  action?: { label: string; run: () => void };
};

type PendingConfirm = ConfirmRequest & { resolve: (ok: boolean) => void };

export const overlays = $state<{ confirm: PendingConfirm | null; toasts: Toast[] }>({
  confirm: null,
  toasts: [],
});

/** Asks the user; resolves true when they confirm. */
export function confirmDialog(request: ConfirmRequest): Promise<boolean> {
  // A second request while one is open answers the first with "no".
  overlays.confirm?.resolve(false);
  return new Promise((resolve) => {
    overlays.confirm = { ...request, resolve };
  });
}

/** Closes the open confirm dialog with the user's answer. */
export function answerConfirm(ok: boolean): void {
  const pending = overlays.confirm;
  overlays.confirm = null;
  pending?.resolve(ok);
}

let nextToastId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

/** Shows a toast for `ms` milliseconds; returns its id. */
export function showToast(toast: Omit<Toast, "id">, ms = 5000): number {
  const id = nextToastId++;
  overlays.toasts = [...overlays.toasts.slice(-2), { ...toast, id }];
  timers.set(
    id,
    setTimeout(() => dismissToast(id), ms),
  );
  return id;
}

export function showError(message: string): number {
  return showToast({ message, tone: "error" }, 8000);
}

export function dismissToast(id: number): void {
  const t = timers.get(id);
  if (t !== undefined) clearTimeout(t);
  timers.delete(id);
  overlays.toasts = overlays.toasts.filter((x) => x.id !== id);
}

/** "Discard unsaved changes?" — true when there is nothing to lose or the user agrees. */
export async function confirmDiscard(dirty: boolean): Promise<boolean> {
  if (!dirty) return true;
  return confirmDialog({
    title: "Discard unsaved changes?",
    message: "The changes you made in this form will be lost.",
    confirmLabel: "Discard changes",
    cancelLabel: "Keep editing",
    danger: true,
  });
}
