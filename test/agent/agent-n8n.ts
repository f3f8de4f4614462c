// One throw-away `n8n start` (n8n 2.41.1 from scripts/lib/local-n8n.js) with this package
// packed and installed like a community package, for the agent e2e: unlike
// test/e2e/harness.ts's N8nInstance (`n8n execute`), a running server, so that webhooks and
// the streaming Chat Trigger answer over HTTP. Node APIs come from test/support/host.js
// (the strict lint forbids built-ins in TypeScript).
import * as lib from '../../scripts/lib/local-n8n';
import * as host from '../support/host';

export class AgentN8n {
	readonly boots: Array<{ args: string; ms: number }> = [];
	log = '';
	url = '';
	pkgDir = '';
	private server?: lib.N8nRun;

	private constructor(
		readonly root: string,
		readonly userFolder: string,
		readonly env: Record<string, string | undefined>,
	) {}

	/** Temp user folder, ports, and the packed package (npm run build first) installed like a community package. */
	static async create(): Promise<AgentN8n> {
		const root: string = host.fs.mkdtempSync(host.path.join(host.os.tmpdir(), 'evolink-agent-'));
		const userFolder: string = host.path.join(root, 'user');
		const files: string = host.path.join(root, 'files');
		host.fs.mkdirSync(files, { recursive: true });
		const env = lib.n8nEnv(userFolder, {
			N8N_PORT: String(await lib.freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await lib.freePort()),
			N8N_RESTRICT_FILE_ACCESS_TO: files,
		});
		const inst = new AgentN8n(root, userFolder, env);
		inst.pkgDir = lib.installPackage(userFolder, lib.packPackage(host.path.join(root, 'pack')));
		return inst;
	}

	/** The node type descriptions n8n wrote for the editor (incl. the generated <type>Tool variants). */
	nodeTypes(): Array<{ name: string; description: string; codex?: unknown; properties: Array<Record<string, unknown>> }> {
		return JSON.parse(host.fs.readFileSync(host.path.join(this.userFolder, '.cache/n8n/public/types/nodes.json'), 'utf8'));
	}

	/** One CLI boot; throws unless it exits 0. */
	async cli(args: string[]): Promise<string> {
		const r = await this.boot(args);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (${r.code ?? r.signal}):\n${lib.tail(r.stdout + r.stderr)}`);
		return r.stdout + r.stderr;
	}

	/** `n8n import:<kind>` of these objects (local-n8n's importJson: temp file, removed after). */
	async importJson(kind: 'credentials' | 'workflow', data: unknown[]): Promise<void> {
		await lib.importJson(kind, data, { dir: this.root, run: async (args) => await this.boot(args) });
	}

	private async boot(args: string[]): Promise<lib.N8nResult> {
		const r = await lib.n8n(args, { env: this.env, cwd: this.root, timeoutMs: 180_000 });
		this.boots.push({ args: args[0], ms: r.ms });
		this.log += r.stdout + r.stderr;
		return r;
	}

	/** `n8n start`; resolves once the editor is up and `isReady()` (e.g. webhooks registered) holds. */
	async start(isReady: () => Promise<boolean>, timeoutMs = 180_000): Promise<string> {
		const t0 = Date.now();
		this.url = `http://127.0.0.1:${this.env.N8N_PORT}`;
		this.server = lib.n8n(['start'], { env: this.env, cwd: this.root, onOutput: (d) => (this.log += d) });
		this.server.catch((e) => (this.log += `\n${e.message}`));
		const child = this.server.child;
		while (Date.now() - t0 < timeoutMs) {
			if (child.exitCode !== null) throw new Error(`n8n start exited (${child.exitCode}):\n${this.log.slice(-4000)}`);
			try {
				const up = (await fetch(`${this.url}/healthz/readiness`)).ok && /Editor is now accessible/.test(this.log);
				if (up && (await isReady())) {
					this.boots.push({ args: 'start', ms: Date.now() - t0 });
					return this.url;
				}
			} catch {
				/* not yet */
			}
			await host.delay(250);
		}
		host.fs.writeFileSync(host.path.join(this.root, 'n8n.log'), this.log);
		const relevant = this.log.split('\n').filter((l) => /activat|workflow|error|fail/i.test(l));
		throw new Error(`n8n start did not become ready (full log: ${this.root}/n8n.log):\n${relevant.slice(-40).join('\n')}`);
	}

	async stop(): Promise<void> {
		await this.server?.stop(20_000);
	}

	executions(): lib.Execution[] {
		return lib.readExecutions(this.userFolder);
	}

	cleanup(): void {
		if (!host.env.EVOLINK_E2E_KEEP) host.fs.rmSync(this.root, { recursive: true, force: true });
	}
}

/** n8n's StructuredChunk (n8n-workflow interfaces.d.ts), one JSON line of a streaming response */
export interface StreamChunk {
	type?: 'begin' | 'item' | 'end' | 'error';
	content?: string;
	metadata?: { nodeId?: string; nodeName?: string; runIndex?: number; itemIndex?: number; timestamp?: number };
	raw?: string;
}

export interface StreamLine {
	/** ms after the request was sent */
	t: number;
	/** the parsed JSON line, or { raw } when it was not JSON */
	chunk: StreamChunk;
}

/** POSTs JSON and reads a newline-delimited JSON stream as it arrives. */
export async function postStream(url: string, body: unknown): Promise<{ status: number; headers: Record<string, string>; lines: StreamLine[]; reads: number }> {
	const t0 = Date.now();
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const lines: StreamLine[] = [];
	let buf = '';
	let reads = 0;
	const push = (line: string) => {
		if (!line.trim()) return;
		let chunk: StreamChunk;
		try {
			chunk = JSON.parse(line) as StreamChunk;
		} catch {
			chunk = { raw: line };
		}
		lines.push({ t: Date.now() - t0, chunk });
	};
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		reads++;
		buf += decoder.decode(value, { stream: true });
		const parts = buf.split('\n');
		buf = parts.pop() ?? '';
		parts.forEach(push);
	}
	push(buf);
	return { status: res.status, headers: Object.fromEntries(res.headers.entries()), lines, reads };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	let json: Record<string, unknown> | undefined;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text };
}
