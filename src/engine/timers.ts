/**
 * The simulate driver's timer queue: a binary min-heap ordered by due time, then by insertion
 * sequence (STYLE 4.2: every order is total and written down).
 */

/** One scheduled action. */
export interface Timer<T> {
  readonly at: number;
  readonly seq: number;
  readonly item: T;
}

/** A min-heap of timers; ties on `at` break on `seq`. */
export class TimerQueue<T> {
  private readonly heap: Timer<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const timer: Timer<T> = { at, seq: this.nextSeq++, item };
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, heap[parent] as Timer<T>)) break;
      heap[i] = heap[parent] as Timer<T>;
      i = parent;
    }
    heap[i] = timer;
  }

  peek(): Timer<T> | undefined {
    return this.heap[0];
  }

  pop(): Timer<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r] as Timer<T>, heap[l] as Timer<T>) ? r : l;
      if (!before(heap[child] as Timer<T>, last)) break;
      heap[i] = heap[child] as Timer<T>;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before<T>(a: Timer<T>, b: Timer<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
