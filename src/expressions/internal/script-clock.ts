/**
 * The clock QuickJS sees. Part of the sandbox adapter's loading code (architecture: the one place
 * in `expressions` allowed to touch the host `Date`).
 *
 * QuickJS compiled by Emscripten asks the JavaScript glue for the time (`now()` on `Date`) and for the
 * local time zone (`new Date(t).getHours()`, `getTimezoneOffset()`, ...). The glue looks `Date` up
 * on the global object at the moment it is called, so for the length of one synchronous call into
 * the sandbox we put a stand-in there: its `now()` is the request's virtual time and its "local"
 * time is UTC. Inside the script `Date`'s `now()`, an argument-less `Date` construction and `Date()` then read the virtual
 * clock, and local-time methods behave as on a server whose JVM default zone is UTC (the usual
 * container setting; Conductor runs GraalJS with the JVM default zone). Nothing else runs while the
 * call is in progress, and the original is put back in `finally`.
 */

/** Reads the virtual time, in epoch milliseconds, of the call in progress. */
export type ClockReader = () => number;

/** The host `Date`, captured when this module is loaded. */
const HostDate: DateConstructor = globalThis.Date;

/**
 * Builds the stand-in `Date` the Emscripten glue sees during a sandbox call.
 * Only the members the glue uses are adjusted; everything else is the host's.
 */
export function createGuestDate(read: ClockReader): DateConstructor {
  class GuestDate extends HostDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(read());
      else if (args.length === 1) super(args[0] as number);
      else super(HostDate.UTC(...(args as [number, number])));
    }

    static override now(): number {
      return read();
    }

    override getFullYear(): number {
      return this.getUTCFullYear();
    }

    override getMonth(): number {
      return this.getUTCMonth();
    }

    override getDate(): number {
      return this.getUTCDate();
    }

    override getDay(): number {
      return this.getUTCDay();
    }

    override getHours(): number {
      return this.getUTCHours();
    }

    override getMinutes(): number {
      return this.getUTCMinutes();
    }

    override getSeconds(): number {
      return this.getUTCSeconds();
    }

    override getMilliseconds(): number {
      return this.getUTCMilliseconds();
    }

    override getTimezoneOffset(): number {
      return 0;
    }
  }
  return GuestDate as unknown as DateConstructor;
}

/** Runs `body` with `guest` installed as the global `Date`, and puts the host's back afterwards. */
export function withGuestDate<T>(guest: DateConstructor, body: () => T): T {
  const saved = globalThis.Date;
  globalThis.Date = guest;
  try {
    return body();
  } finally {
    globalThis.Date = saved;
  }
}
