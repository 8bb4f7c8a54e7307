/**
 * Types of the `jq-web` package (jq 1.7 compiled to WebAssembly with Emscripten), which ships
 * none. Only what `jq-engine.ts` uses: the module's export is a promise of the loaded instance.
 */
declare module 'jq-web' {
  /** A loaded jq instance; both calls are synchronous. */
  export interface JqWebInstance {
    /**
     * Runs the jq CLI on `json` with `filter` and the CLI `flags`; returns stdout without its
     * trailing newline (`undefined` when there is none). A non-zero exit throws an `Error` whose
     * `stderr` holds jq's message.
     */
    raw(json: string, filter: string, flags?: readonly string[]): string | undefined;
    json(value: unknown, filter: string): unknown;
  }
  const instance: Promise<JqWebInstance>;
  export default instance;
}
