// Runs a real n8n (the version cached by scripts/setup-n8n.sh) with this package
// installed the way n8n's own community-package installer installs it.
// Node builtins only: everything n8n-specific happens in child processes.
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const PACKAGE_NAME: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).name;
export const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';

export interface Runtime {
	cache: string;
	nodeBin: string; // directory holding Node 24's `node`
	n8nDir: string; // <cache>/n8n-<version>/node_modules/n8n
}

let runtime: Runtime | undefined;
/** Installs n8n on first use (minutes), then it is a no-op. */
export function n8nRuntime(): Runtime {
	if (runtime) return runtime;
	const cache = execFileSync('bash', [path.join(REPO, 'scripts/setup-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION },
	}).trim();
	runtime = {
		cache,
		nodeBin: path.join(cache, 'node24/bin'),
		n8nDir: path.join(cache, `n8n-${N8N_VERSION}/node_modules/n8n`),
	};
	return runtime;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** `npm pack` of the built repo (builds first when dist/ is missing). Returns the tarball path. */
export function packPackage(destDir: string): string {
	if (!fs.existsSync(path.join(REPO, 'dist'))) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
	}
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return path.join(destDir, JSON.parse(out)[0].filename);
}

/**
 * Mirrors CommunityPackagesService.downloadPackage() of n8n 2.41
 * (dist/modules/community-packages/community-packages.service.js): untar into
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional
 * dependencies from its package.json, `npm install` there without scripts, and
 * record it in nodes/package.json. n8n then loads every `n8n-nodes-*` folder in
 * nodes/node_modules (community-packages.module.js nodeLoaders()).
 */
export function installPackage(userFolder: string, tarball: string): string {
	const name: string = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })).name;
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const pjPath = path.join(pkgDir, 'package.json');
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(fs.readFileSync(pjPath, 'utf8'));
	fs.writeFileSync(pjPath, JSON.stringify(pj, null, 2));
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	const nodesPj = path.join(nodesDir, 'package.json');
	const deps = fs.existsSync(nodesPj) ? JSON.parse(fs.readFileSync(nodesPj, 'utf8')).dependencies ?? {} : {};
	deps[name] = pj.version;
	fs.writeFileSync(nodesPj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: deps }, null, 2));
	return pkgDir;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface Execution {
	id: number;
	workflowId: string;
	status: string; // success | error | crashed | ...
	/** resultData.error when the run failed (n8n's serialised NodeApiError/NodeOperationError) */
	error?: any;
	lastNodeExecuted?: string;
	runData: Record<string, any[]>;
}

/** json of each item a node produced on its first output (first run of that node). */
export function items(exe: Execution, node: string, run = 0, output = 0): any[] {
	const task = exe.runData[node]?.[run];
	if (!task) throw new Error(`node "${node}" did not run (ran: ${Object.keys(exe.runData).join(', ')})`);
	return (task.data?.main?.[output] ?? []).map((i: any) => i.json);
}

export function nodeError(exe: Execution, node: string): any {
	return exe.runData[node]?.[0]?.error;
}

export interface N8nOptions {
	/** extra env for n8n (e.g. N8N_RESTRICT_FILE_ACCESS_TO) */
	env?: Record<string, string>;
	/** working directory of n8n (relative file paths in workflows resolve here); default filesDir */
	cwd?: string;
}

/** One throw-away n8n instance: its own user folder, sqlite DB and ports. */
export class N8nInstance {
	readonly root: string;
	readonly userFolder: string;
	readonly pkgDir: string;
	readonly filesDir: string;
	readonly traceDir: string;
	readonly boots: Array<{ args: string[]; ms: number }> = [];
	/** everything n8n printed, to scan for secrets */
	log = '';
	/** the environment every CLI boot of this instance gets (ports, user folder, trace hook) */
	env: NodeJS.ProcessEnv = {};

	private constructor(root: string, pkgDir: string) {
		this.root = root;
		this.userFolder = path.join(root, 'user');
		this.pkgDir = pkgDir;
		this.filesDir = path.join(root, 'files');
		this.traceDir = path.join(root, 'trace');
	}

	static async create(opts: N8nOptions = {}): Promise<N8nInstance> {
		const rt = n8nRuntime();
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-e2e-'));
		const tarball = packPackage(path.join(root, 'pack'));
		const pkgDir = installPackage(path.join(root, 'user'), tarball);
		const inst = new N8nInstance(root, pkgDir);
		fs.mkdirSync(inst.filesDir, { recursive: true });
		fs.mkdirSync(inst.traceDir, { recursive: true });
		inst.env = {
			...n8nEnv(path.join(root, 'user'), rt),
			N8N_RESTRICT_FILE_ACCESS_TO: inst.filesDir,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
			// Records, at exit, which files the package's modules required (see trace-requires.js).
			NODE_OPTIONS: `--require ${JSON.stringify(path.join(__dirname, 'trace-requires.js'))}`,
			EVOLINK_E2E_TRACE_DIR: inst.traceDir,
			EVOLINK_E2E_TRACE_PKG: pkgDir,
			...opts.env,
		};
		inst.cwd = opts.cwd ?? inst.filesDir;
		return inst;
	}

	cwd!: string;

	/** One n8n CLI boot. */
	async cli(args: string[], timeoutMs = 300_000): Promise<CliResult> {
		const rt = n8nRuntime();
		const t0 = Date.now();
		return await new Promise((resolve, reject) => {
			execFile(
				path.join(rt.nodeBin, 'node'),
				[path.join(rt.n8nDir, 'bin/n8n'), ...args],
				{ cwd: this.cwd, env: this.env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
				(err, stdout, stderr) => {
					const ms = Date.now() - t0;
					this.boots.push({ args: args.slice(0, 1), ms });
					this.log += stdout + stderr;
					if (err && typeof (err as any).code !== 'number') return reject(err);
					resolve({ code: err ? (err as any).code : 0, stdout, stderr, ms });
				},
			);
		});
	}

	private async importFile(kind: 'credentials' | 'workflow', data: unknown[]): Promise<void> {
		const file = path.join(this.root, `import-${kind}-${randomUUID()}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		const r = await this.cli([`import:${kind}`, '--input', file]);
		fs.rmSync(file); // may hold an API key
		if (r.code !== 0) throw new Error(`import:${kind} failed (${r.code}):\n${tail(r.stdout + r.stderr)}`);
	}

	async importCredentials(creds: unknown[]): Promise<void> {
		await this.importFile('credentials', creds);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.importFile('workflow', workflows);
	}

	/** Runs several workflows in ONE boot (`n8n execute-batch`), then reads their executions from the DB. */
	async executeBatch(ids: string[], concurrency = ids.length): Promise<Record<string, Execution>> {
		const r = await this.cli(['executeBatch', `--ids=${ids.join(',')}`, '--retries=0', `--concurrency=${concurrency}`, '--shortOutput']);
		const all = this.readExecutions();
		const byWf: Record<string, Execution> = {};
		for (const e of all) if (ids.includes(e.workflowId)) byWf[e.workflowId] = e; // last one wins
		const missing = ids.filter((id) => !byWf[id]);
		if (missing.length) throw new Error(`no execution for ${missing.join(', ')} (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
		return byWf;
	}

	/** Runs one workflow (`n8n execute --id`): one boot. */
	async execute(id: string): Promise<Execution & { cli: CliResult }> {
		const cli = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const mine = this.readExecutions().filter((e) => e.workflowId === id);
		if (!mine.length) throw new Error(`no execution for ${id} (exit ${cli.code}):\n${tail(cli.stdout + cli.stderr)}`);
		return { ...mine[mine.length - 1], cli };
	}

	/** All executions, decoded with n8n's own Node (node:sqlite) and n8n's `flatted`. */
	readExecutions(): Execution[] {
		const rt = n8nRuntime();
		const script = `
			const { DatabaseSync } = require('node:sqlite');
			const flatted = require(require.resolve('flatted', { paths: [process.argv[2]] }));
			const db = new DatabaseSync(process.argv[1], { readOnly: true });
			const rows = db.prepare('SELECT e.id, e.workflowId, e.status, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id').all();
			process.stdout.write(JSON.stringify(rows.map((r) => {
				const d = flatted.parse(r.data);
				return { id: r.id, workflowId: r.workflowId, status: r.status, error: d.resultData.error,
					lastNodeExecuted: d.resultData.lastNodeExecuted, runData: d.resultData.runData };
			})));`;
		const out = execFileSync(path.join(rt.nodeBin, 'node'), ['-e', script, path.join(this.userFolder, '.n8n/database.sqlite'), rt.n8nDir], {
			encoding: 'utf8',
			maxBuffer: 512 * 1024 * 1024,
			env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' },
		});
		return JSON.parse(out);
	}

	/** Modules the package's code required inside n8n: { '<pkg file>': ['<resolved dependency file>', ...] }. */
	requireTrace(): Record<string, string[]> {
		const merged: Record<string, string[]> = {};
		for (const f of fs.readdirSync(this.traceDir)) {
			const t = JSON.parse(fs.readFileSync(path.join(this.traceDir, f), 'utf8'));
			for (const [k, v] of Object.entries(t)) merged[k] = [...new Set([...(merged[k] ?? []), ...(v as string[])])];
		}
		return merged;
	}

	cleanup(): void {
		if (!process.env.EVOLINK_E2E_KEEP) fs.rmSync(this.root, { recursive: true, force: true });
	}
}

export interface PackageInspection {
	nodes: Array<{ file: string; name: string; icons: Record<string, boolean> }>;
	credentials: Array<{ file: string; name: string; icons: Record<string, boolean> }>;
	/** what the package's modules required from outside the package */
	externals: string[];
	nodePath: string;
}

/**
 * Loads the installed package the way n8n's PackageDirectoryLoader does (class named
 * after each file listed in package.json "n8n"), with NODE_PATH set exactly as
 * LoadNodesAndCredentials.init() sets it (module.paths of n8n's dist folder), in
 * n8n's Node. Reports type names, whether each icon file exists, and where the
 * package's imports (n8n-workflow, zod) resolved.
 */
export function inspectPackage(pkgDir: string): PackageInspection {
	const rt = n8nRuntime();
	const script = `
		const Module = require('node:module'); const path = require('node:path'); const fs = require('node:fs');
		const [pkgDir, n8nDist] = process.argv.slice(1);
		process.env.NODE_PATH = Module._nodeModulePaths(n8nDist).join(path.delimiter);
		Module._initPaths();
		const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
		const icons = (file, icon) => {
			const out = {};
			for (const v of typeof icon === 'string' ? [icon] : Object.values(icon || {}))
				if (String(v).startsWith('file:')) out[v] = fs.existsSync(path.resolve(path.dirname(file), v.slice(5)));
			return out;
		};
		const load = (rel, suffix) => {
			const file = path.join(pkgDir, rel);
			const cls = require(file)[path.basename(file, suffix)];
			const t = new cls();
			const d = t.description ?? t.nodeVersions?.[t.currentVersion]?.description ?? t;
			return { file: rel, name: d.name ?? t.name, icons: icons(file, d.icon ?? t.icon) };
		};
		const nodes = (pj.n8n.nodes || []).map((f) => load(f, '.node.js'));
		const credentials = (pj.n8n.credentials || []).map((f) => load(f, '.credentials.js'));
		const externals = new Set();
		for (const m of Object.values(require.cache))
			if (m.filename.startsWith(pkgDir + path.sep))
				for (const c of m.children) if (!c.filename.startsWith(pkgDir + path.sep)) externals.add(c.filename);
		process.stdout.write(JSON.stringify({ nodes, credentials, externals: [...externals], nodePath: process.env.NODE_PATH }));`;
	const out = execFileSync(path.join(rt.nodeBin, 'node'), ['-e', script, pkgDir, path.join(rt.n8nDir, 'dist')], {
		encoding: 'utf8',
		env: { PATH: process.env.PATH },
	});
	return JSON.parse(out);
}

/** The environment n8n runs with in tests, demo and dev: local, quiet, no phoning home. */
export function n8nEnv(userFolder: string, rt: Runtime = n8nRuntime()): NodeJS.ProcessEnv {
	return {
		PATH: `${rt.nodeBin}${path.delimiter}${process.env.PATH}`,
		HOME: process.env.HOME,
		TMPDIR: os.tmpdir(),
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false', // telemetry + posthog
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false', // no community-node registry lookups (api.n8n.io)
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		GENERIC_TIMEZONE: 'UTC',
	};
}

/** Loads a workflow JSON (examples/ or test/e2e/workflows/) and points it at a credential id. */
export function loadWorkflow(file: string, vars: { id: string; credentialId: string; credentialName?: string }): any {
	const wf = JSON.parse(fs.readFileSync(path.resolve(REPO, file), 'utf8'));
	wf.id = vars.id;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.credentials?.evoLinkApi) node.credentials.evoLinkApi = { id: vars.credentialId, name: vars.credentialName ?? 'EvoLink' };
	}
	return wf;
}

export function evoLinkCredential(id: string, apiKey: string, baseUrl: string, name = 'EvoLink'): unknown {
	return { id, name, type: 'evoLinkApi', data: { apiKey, baseUrl } };
}

function tail(s: string, n = 60): string {
	return s.split('\n').slice(-n).join('\n');
}
