// Types for local-n8n.js (plain CommonJS so that `npm run demo` / `npm run dev` need no
// build step), for its TypeScript users: test/e2e/harness.ts and what imports that.
/// <reference types="node" />
import type { IConnections, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

/** What callers use of the child process n8n runs in (a node:child_process ChildProcess). */
export interface ChildProcess {
	readonly pid?: number;
	readonly exitCode: number | null;
	readonly signalCode: NodeJS.Signals | null;
	readonly killed: boolean;
	/** null when the output goes to a file (`logFile`) */
	readonly stdout: NodeJS.ReadableStream | null;
	readonly stderr: NodeJS.ReadableStream | null;
	kill(signal?: NodeJS.Signals | number): boolean;
	on(event: 'exit' | 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
	on(event: 'error', listener: (err: Error) => void): this;
	once(event: 'exit' | 'close', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
	once(event: 'error', listener: (err: Error) => void): this;
}

export const REPO: string;
export const N8N_VERSION: string;

export interface Runtime {
	cache: string;
	/** directory holding Node 24's `node` */
	nodeBin: string;
	/** <cache>/n8n-<version>/node_modules/n8n */
	n8nDir: string;
}
export function n8nRuntime(): Runtime;

export function freePort(): Promise<number>;
export function packPackage(destDir: string): string;
export function installPackage(userFolder: string, tarball?: string): string;
export function n8nEnv(userFolder: string, extra?: Record<string, string | undefined>, rt?: Runtime): NodeJS.ProcessEnv;

export interface N8nResult {
	/** null when a signal ended n8n */
	code: number | null;
	signal: NodeJS.Signals | null;
	/** the `timeoutMs` SIGTERM was sent */
	timedOut: boolean;
	stdout: string;
	stderr: string;
	ms: number;
}
export interface N8nRun extends Promise<N8nResult> {
	child: ChildProcess;
	stop(killAfterMs?: number): Promise<void>;
}
export function n8n(
	args: string[],
	opts?: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string; onOutput?: (chunk: string) => void; timeoutMs?: number },
): N8nRun;
export function stopChild(child: ChildProcess, killAfterMs?: number): Promise<void>;

export function importJson(
	kind: 'credentials' | 'workflow',
	data: unknown[],
	opts: {
		dir: string;
		env?: NodeJS.ProcessEnv;
		cwd?: string;
		run?: (args: string[]) => Promise<{ code: number | null; signal?: NodeJS.Signals | null; stdout: string; stderr: string }>;
	},
): Promise<void>;

export function evoLinkCredential(id: string, apiKey: string, baseUrl: string, name?: string, extra?: Record<string, unknown>): unknown;
/** A workflow as `n8n import:workflow` takes it (the JSON of examples/ and test/e2e/workflows/). */
export interface WorkflowJson {
	id: string;
	name?: string;
	active: boolean;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
	[key: string]: unknown;
}
export function loadWorkflow(file: string, vars: { id: string; credentialId: string; credentialName?: string }): WorkflowJson;

/** An error as n8n stores it in an execution: a serialised NodeApiError / NodeOperationError. */
export interface StoredError extends IDataObject {
	message: string;
	description?: string | null;
	name?: string;
	httpCode?: string | null;
}

/** One run of a node as n8n stores it (n8n-workflow's ITaskData, as JSON). */
export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	/** the items of each output, by connection type ('main') */
	data?: Record<string, Array<INodeExecutionData[] | null>>;
	/** the node's error, when this run failed */
	error?: StoredError;
	[key: string]: unknown;
}

export interface Execution {
	id: number;
	workflowId: string;
	status: string; // success | error | crashed | ...
	/** resultData.error when the run failed (n8n's serialised NodeApiError/NodeOperationError) */
	error?: StoredError;
	lastNodeExecuted?: string;
	/** every run of each node that ran, by node name */
	runData: Record<string, NodeRun[]>;
}
export function readExecutions(userFolder: string, rt?: Runtime): Execution[];

export function tail(s: string, n?: number): string;
