/**
 * A minimal typed event emitter: event names and payloads come from one map type, so a typo
 * in an event name is a compile error rather than a listener that never fires. A throwing
 * listener is reported to `onListenerError` and does not stop the others or the stream.
 */
export type Listener<T> = (payload: T) => void;

export interface Subscribable<Events extends object> {
  /** Returns a function that removes the listener. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void;
}

export class TypedEmitter<Events extends object> implements Subscribable<Events> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();
  constructor(private readonly onListenerError: (event: keyof Events, error: unknown) => void) {}

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }
}
