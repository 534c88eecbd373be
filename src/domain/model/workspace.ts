export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** ISO-8601, when OctoPerf tells. */
  readonly created: string | null;
}
