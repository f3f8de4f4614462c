// The n8n editor the way `npm run dev` starts it (scripts/dev.js), but throw-away:
// the packed package installed into a temp user folder, an EvoLink credential
// pointing at the simulator, n8n on a free port, the owner set up over REST.
// Reuses test/e2e/harness.ts (Node 24 + n8n from the cache, pack, install, env).
import { evoLinkCredential, freePort, installPackage, n8nEnv, n8nRuntime, packPackage } from '../e2e/harness';
import { importJson, n8n, stopChild, type ChildProcess } from '../../scripts/lib/local-n8n';
import { crypto, delay, env, fs, os, path } from '../support/host';
import { DEFAULT_API_KEY, startSimulator, type Simulator } from '../support/simulator';

export const CREDENTIAL_NAME = 'EvoLink (simulator)';

export interface Editor {
	url: string;
	owner: { email: string; password: string };
	root: string;
	logFile: string;
	/** last lines n8n printed (for failure messages) */
	logTail(lines?: number): string;
	/** stops n8n (SIGTERM, SIGKILL after 15 s) and the simulator; removes the temp folder */
	stop(): Promise<void>;
}

/**
 * What the browser test needs from n8n on an offline machine, on top of harness
 * n8nEnv (telemetry, templates, version notifications, personalization, banners,
 * AI assistant, community-package registry already off): no hiring banner, and no
 * modules that only fetch from or talk to n8n's cloud (MCP server registry on
 * api.n8n.io, the AI builder/agents).
 */
const OFFLINE_ENV = {
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry,instance-ai,agents',
};

export async function startEditor(): Promise<Editor> {
	const rt = n8nRuntime();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-browser-'));
	const userFolder = path.join(root, 'user');
	const logFile = path.join(root, 'n8n.log');
	let server: ChildProcess | undefined;
	let sim: Simulator | undefined;

	const stop = async () => {
		if (server) await stopChild(server);
		if (sim) await sim.close().catch(() => {});
		if (!env.EVOLINK_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
	};
	const logTail = (lines = 40) => {
		try {
			return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	};

	// on any failure below: stop what was started, then the error goes on to the caller
	let started = false;
	try {
		installPackage(userFolder, packPackage(path.join(root, 'pack')));
		sim = await startSimulator({ port: 0, taskSeconds: 5, estimatedSeconds: 5 });
		const port = await freePort();
		const n8nEnvironment: NodeJS.ProcessEnv = {
			...n8nEnv(userFolder, rt),
			...OFFLINE_ENV,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_RESTRICT_FILE_ACCESS_TO: path.join(root, 'files'),
		};
		// like dev.js: the credential is imported before the first start
		await importJson('credentials', [evoLinkCredential('evoLinkBrowser01', DEFAULT_API_KEY, sim.url, CREDENTIAL_NAME)], {
			env: n8nEnvironment,
			cwd: root,
			dir: root,
		});
		const run = n8n(['start'], { env: n8nEnvironment, cwd: root, logFile });
		server = run.child;
		const exited = run.then((r) => `n8n exited (${r.code ?? r.signal})`);

		const url = `http://127.0.0.1:${port}`;
		// /healthz answers before the REST routes exist; /rest/settings is public once they do
		const ready = await Promise.race([waitFor(`${url}/rest/settings`, 120_000), exited]);
		if (ready !== true) throw new Error(`${ready} before answering on ${url}:\n${logTail()}`);

		const owner = { email: 'browser@evolink.local', password: `Browser-${crypto.randomBytes(6).toString('hex')}1` };
		const res = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...owner, firstName: 'EvoLink', lastName: 'Browser' }),
		});
		if (!res.ok) throw new Error(`owner setup failed (${res.status}): ${await res.text()}`);
		started = true;
		return { url, owner, root, logFile, logTail, stop };
	} finally {
		if (!started) await stop();
	}
}

async function waitFor(url: string, ms: number): Promise<true | string> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		try {
			if ((await fetch(url)).ok) return true;
		} catch {
			// not listening yet
		}
		await delay(300);
	}
	return `n8n did not answer within ${ms / 1000} s`;
}
