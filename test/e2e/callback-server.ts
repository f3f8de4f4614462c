// `n8n start` for the callback tests (the harness runs one-shot CLI commands only):
// a long-running n8n with the HTTP server, webhooks, waiting webhooks and the wait
// tracker, plus a sampler of execution statuses in its database.
import { n8n, type ChildProcess, type N8nRun } from '../../scripts/lib/local-n8n';
import { childProcess, delay, env, path, readline } from '../support/host';
import { n8nRuntime, type N8nInstance } from './harness';

export class N8nServer {
	log = '';
	private run!: N8nRun;
	private constructor(
		readonly inst: N8nInstance,
		readonly url: string,
	) {}

	get child(): ChildProcess {
		return this.run.child;
	}

	/** Starts `n8n start` with the instance's environment; resolves once /healthz answers and webhooks are registered. */
	static async start(inst: N8nInstance, port: number, env: Record<string, string> = {}): Promise<N8nServer> {
		const server = new N8nServer(inst, `http://127.0.0.1:${port}`);
		server.run = n8n(['start'], {
			cwd: inst.cwd,
			env: { ...inst.env, N8N_PORT: String(port), ...env },
			onOutput: (d) => (server.log += d),
		});
		server.run.catch((e) => (server.log += `\n${e.message}`)); // could not spawn: exitCode below says so
		const end = Date.now() + 180_000;
		while (Date.now() < end) {
			if (server.child.exitCode !== null) throw new Error(`n8n start exited (${server.child.exitCode}):\n${server.log.slice(-4000)}`);
			try {
				if ((await fetch(`${server.url}/healthz/readiness`)).ok && /Editor is now accessible/.test(server.log)) return server;
			} catch {
				/* not yet */
			}
			await delay(300);
		}
		await server.stop();
		throw new Error(`n8n start did not become ready:\n${server.log.slice(-4000)}`);
	}

	/** SIGTERM, SIGKILL after 20 s. */
	async stop(): Promise<void> {
		await this.run.stop(20_000);
	}
}

export interface StatusSample {
	t: number; // ms epoch when seen
	id: number;
	workflowId: string;
	status: string;
	waitTill: string | null;
}

/**
 * Polls execution_entity every `everyMs` in ONE child process (n8n's Node, node:sqlite,
 * read-only) and records every status change: how long each execution was running
 * versus waiting, as seen from the database.
 */
export class StatusSampler {
	readonly samples: StatusSample[] = [];
	private child: ChildProcess;

	constructor(dbPath: string, everyMs = 100) {
		const rt = n8nRuntime();
		const script = `
			const { DatabaseSync } = require('node:sqlite');
			const [dbPath, every] = process.argv.slice(1);
			let db; const last = new Map();
			setInterval(() => {
				try {
					db ??= new DatabaseSync(dbPath, { readOnly: true });
					for (const r of db.prepare('SELECT id, workflowId, status, waitTill FROM execution_entity').all()) {
						const key = r.status + '|' + r.waitTill;
						if (last.get(r.id) !== key) { last.set(r.id, key); process.stdout.write(JSON.stringify({ t: Date.now(), ...r }) + '\\n'); }
					}
				} catch (e) { db = undefined; }
			}, Number(every));`;
		this.child = childProcess.spawn(path.join(rt.nodeBin, 'node'), ['-e', script, dbPath, String(everyMs)], {
			stdio: ['ignore', 'pipe', 'ignore'],
			env: { PATH: env.PATH, NODE_NO_WARNINGS: '1' },
		});
		readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
			try {
				this.samples.push(JSON.parse(line));
			} catch {
				/* partial line */
			}
		});
	}

	of(id: number): StatusSample[] {
		return this.samples.filter((s) => Number(s.id) === Number(id));
	}

	latest(id: number): StatusSample | undefined {
		const mine = this.of(id);
		return mine[mine.length - 1];
	}

	/** ms the execution spent in new/running, from the first sample to the first final status. */
	busyMs(id: number): { busyMs: number; waitingMs: number; totalMs: number } {
		const mine = this.of(id);
		let busy = 0;
		let waiting = 0;
		for (let i = 0; i < mine.length - 1; i++) {
			const d = mine[i + 1].t - mine[i].t;
			if (['new', 'running'].includes(mine[i].status)) busy += d;
			if (mine[i].status === 'waiting') waiting += d;
		}
		return { busyMs: busy, waitingMs: waiting, totalMs: mine.length ? mine[mine.length - 1].t - mine[0].t : 0 };
	}

	stop(): void {
		this.child.kill();
	}
}
