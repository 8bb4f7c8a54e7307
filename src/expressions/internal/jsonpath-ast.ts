/**
 * Compiled JSONPath and filter trees, shaped after Jayway json-path 2.4.0
 * (`internal/path/*PathToken.java`, `internal/filter/*Node.java`).
 */

/** One step of a path. */
export type PathToken =
  | { readonly kind: 'property'; readonly names: readonly string[] }
  | { readonly kind: 'index'; readonly indexes: readonly number[] }
  | { readonly kind: 'slice'; readonly from: number | undefined; readonly to: number | undefined }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'scan' }
  | { readonly kind: 'filter'; readonly predicate: FilterExpression }
  | { readonly kind: 'function'; readonly name: string; readonly params: readonly FunctionParam[] };

/** A function argument: a JSON literal or a path evaluated against the root document. */
export type FunctionParam =
  | { readonly kind: 'json'; readonly value: unknown; readonly error: string | undefined }
  | { readonly kind: 'path'; readonly path: CompiledPath };

/**
 * A compiled path. `definite[i]` says whether token i is definite, `upstreamDefinite[i]` whether
 * every token before it is. `simple` is set for plain dotted property chains (the fast path).
 */
export interface CompiledPath {
  readonly source: string;
  /** `$` (document root) or `@` (current filter item). */
  readonly root: '$' | '@';
  readonly tokens: readonly PathToken[];
  readonly tokenDefinite: readonly boolean[];
  readonly upstreamDefinite: readonly boolean[];
  /** The whole path is definite: it yields one value (or none), not a list. */
  readonly definite: boolean;
  /** The last token is a function (`length()`, `sum()`…). */
  readonly functionPath: boolean;
  /** Property names of a path made only of single properties, for the no-allocation fast path. */
  readonly simple: readonly string[] | undefined;
}

/** Filter relational operators of Jayway 2.4.0 (`RelationalOperator.java`). */
export type RelationalOperator =
  | '>='
  | '<='
  | '=='
  | '==='
  | '!='
  | '!=='
  | '<'
  | '>'
  | '=~'
  | 'NIN'
  | 'IN'
  | 'CONTAINS'
  | 'ALL'
  | 'SIZE'
  | 'EXISTS'
  | 'TYPE'
  | 'MATCHES'
  | 'EMPTY'
  | 'SUBSETOF';

/** Operand of a relational expression before evaluation. */
export type ValueNode =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'json'; readonly value: unknown; readonly error: string | undefined }
  | { readonly kind: 'pattern'; readonly regex: RegExp; readonly source: string }
  | { readonly kind: 'path'; readonly path: CompiledPath; readonly existsCheck: boolean; readonly shouldExist: boolean };

export type FilterExpression =
  | { readonly kind: 'relational'; readonly left: ValueNode; readonly operator: RelationalOperator; readonly right: ValueNode }
  | { readonly kind: 'and'; readonly operands: readonly FilterExpression[] }
  | { readonly kind: 'or'; readonly operands: readonly FilterExpression[] }
  | { readonly kind: 'not'; readonly operand: FilterExpression };
