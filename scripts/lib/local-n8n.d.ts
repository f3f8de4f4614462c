// Types for local-n8n.js (plain CommonJS so that `npm run demo` / `npm run dev` need no
// build step), for its TypeScript users: test/e2e/harness.ts and what imports that.
/// <reference types="node" />
import type { ChildProcess } from 'node:child_process';

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

export function evoLinkCredential(id: string, apiKey: string, baseUrl: string, name?: string): unknown;
export function loadWorkflow(file: string, vars: { id: string; credentialId: string; credentialName?: string }): any;

export interface Execution {
	id: number;
	workflowId: string;
	status: string; // success | error | crashed | ...
	/** resultData.error when the run failed (n8n's serialised NodeApiError/NodeOperationError) */
	error?: any;
	lastNodeExecuted?: string;
	runData: Record<string, any[]>;
}
export function readExecutions(userFolder: string, rt?: Runtime): Execution[];

export function tail(s: string, n?: number): string;
