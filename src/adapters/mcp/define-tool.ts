import type * as z from "zod";
import type { LinkedUseCases as UseCases } from "../linked-use-cases.js";
import { describedAs, EVERY_TOOL, type Description, type Offered } from "./offered-tools.js";
import type { Toolset } from "./toolsets.js";

/** Every hint is required, so no tool ships with a client guessing whether it is safe. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

export interface ToolContext {
  readonly useCases: UseCases;
  /** Aborted when the client cancels the request or the server shuts down. */
  readonly signal: AbortSignal;
  /** Aborted when the server is draining (shutdown): waits answer with what they know instead of being cut. */
  readonly stop?: AbortSignal;
  /** The names of the tools this server offers (toolsets, read-only mode): what a view may offer to call. */
  readonly offered: ReadonlySet<string>;
  /** Sends notifications/progress when the client asked for them; a no-op otherwise. */
  readonly progress: (update: ProgressUpdate) => Promise<void>;
}

/**
 * An output schema's type with every array read-only: use cases hand out read-only lists, and a
 * handler passes them on as they are (the server validates and strips them before sending).
 */
export type ReadonlyOutput<T> = T extends readonly (infer Item)[]
  ? readonly ReadonlyOutput<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyOutput<T[K]> }
    : T;

export interface ToolResult<Out> {
  /** Validated against outputSchema (and stripped to it) before it is sent. */
  readonly structured: Out;
  /** A compact rendering for the model: the facts and the next step, not a JSON dump. */
  readonly text: string;
  /** Pictures sent after the text as MCP image content, which hosts show inline. */
  readonly images?: readonly ToolImage[];
}

export interface ToolImage {
  /** Base64 of the image bytes. */
  readonly data: string;
  readonly mimeType: "image/png";
}

export type ToolInputShape = Record<string, z.ZodType>;

/** The use cases that change things in OctoPerf (launch, stop): only a tool that writes gets them. */
export type WritingUseCase = "launchScenario" | "runAndAnalyze" | "stopRun";
/** What a read-only tool may call. */
export type ReadUseCases = Omit<UseCases, WritingUseCase>;

/** A read-only tool's context: the use cases that only read. */
export interface ReadToolContext extends Omit<ToolContext, "useCases"> {
  readonly useCases: ReadUseCases;
}

/** What a tool that only reads declares (its hints follow: {@link READ_ONLY}). */
export interface ToolDefinition<In extends ToolInputShape = ToolInputShape, Out extends z.ZodObject = z.ZodObject> {
  /** The MCP name; the file is named after it (`_` → `-`). */
  readonly name: string;
  readonly title: string;
  /** The groups that offer it (OCTOPERF_TOOLSETS): at least one. */
  readonly toolsets: readonly [Toolset, ...Toolset[]];
  /**
   * What it does, when to use it, what to call before and after, units. A description that names
   * another tool is written for the tools offered: `(offered) => …` with a `hint` for each.
   */
  readonly description: Description;
  readonly inputSchema: In;
  readonly outputSchema: Out;
  readonly handler: (input: z.output<z.ZodObject<In>>, ctx: ReadToolContext) => Promise<ToolResult<ReadonlyOutput<z.input<Out>>>>;
}

/** The hints of a tool that changes things in OctoPerf: read-only mode does not offer it. */
export interface WriteAnnotations extends ToolAnnotations {
  readonly readOnlyHint: false;
}

/** What a tool that writes declares: its hints, and a handler that gets every use case. */
export interface WriteToolDefinition<In extends ToolInputShape = ToolInputShape, Out extends z.ZodObject = z.ZodObject> extends Omit<
  ToolDefinition<In, Out>,
  "handler"
> {
  readonly annotations: WriteAnnotations;
  readonly handler: (input: z.output<z.ZodObject<In>>, ctx: ToolContext) => Promise<ToolResult<ReadonlyOutput<z.input<Out>>>>;
}

/**
 * A tool as the registry holds it: its typed handler behind a call that takes what the SDK
 * validated. It keeps its output schema's type, so a test can read a tool's answer typed.
 */
export interface RegisteredTool<Out extends z.ZodObject = z.ZodObject> extends Omit<ToolDefinition<ToolInputShape, Out>, "handler" | "description"> {
  /** `readOnlyHint: false` marks a tool that changes things in OctoPerf: read-only mode does not offer it. */
  readonly annotations: ToolAnnotations;
  /** The description with every tool offered (the README's table, the registry's checks). */
  readonly description: string;
  /** The description a server offering these tools lists: it names none other. */
  descriptionFor(offered: Offered): string;
  call(input: unknown, ctx: ToolContext): Promise<ToolResult<unknown>>;
}

/**
 * A tool that only reads. Its handler gets only the use cases that read, in its type and at run
 * time: a tool that launched or stopped a run while labelled read-only (and offered in read-only
 * mode) could not compile, and could not find the use case if it did.
 */
export function defineTool<In extends ToolInputShape, Out extends z.ZodObject>(definition: ToolDefinition<In, Out>): RegisteredTool<Out> {
  const { handler, description, ...described } = definition;
  return {
    ...described,
    ...descriptions(description),
    annotations: READ_ONLY,
    // Called only by create-mcp-server.ts's handler, registered with `z.object(inputSchema)` (the
    // same fields; listedSchemasOf adds listing metadata only): the SDK parsed the arguments with
    // it (defaults applied, unknown keys stripped) before calling, so they have this output type.
    call: (input, ctx) => handler(input as z.output<z.ZodObject<In>>, { ...ctx, useCases: readUseCases(ctx.useCases) }),
  };
}

/** A tool that changes things in OctoPerf (launch, stop). */
export function defineWriteTool<In extends ToolInputShape, Out extends z.ZodObject>(definition: WriteToolDefinition<In, Out>): RegisteredTool<Out> {
  const { handler, description, ...described } = definition;
  return {
    ...described,
    ...descriptions(description),
    // As above: the SDK parsed the arguments with this very inputSchema.
    call: (input, ctx) => handler(input as z.output<z.ZodObject<In>>, ctx),
  };
}

function descriptions(description: Description): Pick<RegisteredTool, "description" | "descriptionFor"> {
  return { description: describedAs(description, EVERY_TOOL), descriptionFor: (offered) => describedAs(description, offered) };
}

/** The use cases without those that write. */
export function readUseCases(useCases: UseCases): ReadUseCases {
  const { launchScenario: _launch, runAndAnalyze: _runAndAnalyze, stopRun: _stop, ...reads } = useCases;
  return reads;
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
