/**
 * Runs a real workflow through n8n's own execution engine (n8n-core's WorkflowExecute and
 * n8n-workflow's Workflow): an "Items Source" start node emitting given items, wired into
 * the EvoLink node (compiled from its TypeScript source by ts-jest). Nothing of the node's
 * runtime is faked: parameters are resolved by the engine (defaults, expressions), HTTP goes
 * through n8n-core's request helpers (httpRequestWithAuthentication → @n8n/backend-network),
 * credentials are authenticated from the credential type's IAuthenticateGeneric the way n8n's
 * CredentialsHelper does it, binary data goes through n8n-core's BinaryDataService.
 *
 * What is ours: the credentials store (a map instead of the database), the node-types
 * registry (two classes instead of the loader), the lifecycle hooks wiring and the plain
 * "additional data" object n8n's CLI would build.
 *
 * Route: n8n-core 2.41 and its dependencies load as CommonJS inside jest on Node 20 (the
 * ESM-only ones, e.g. file-type, are only imported lazily on paths we do not take: the node
 * gives prepareBinaryData a MIME type), so the engine runs in the jest process itself. DI is
 * the @n8n/di Container: the Logger is replaced by a capturing one (quiet tests, logs
 * searchable for the API key), BinaryDataService is rebuilt for the chosen mode ('default'
 * keeps data in memory; 'filesystem' calls init() with a scratch storage path), everything
 * else (OutboundHttp, SSRF config, InstanceSettings) is what the Container builds by default.
 */
import { env, fs, load, os, path, timers } from '../support/host';

/**
 * The part of @n8n/di's Container used here. @n8n/di and @n8n/backend-common are n8n's own
 * packages, not dependencies of this one, so they come through the host (same module
 * instances as n8n-core's); a DI token is the class itself.
 */
interface DiContainer {
	get<T>(type: { prototype: T }): T;
	set<T>(type: { prototype: T }, instance: T): void;
}
const { Logger: N8nLogger } = load('@n8n/backend-common') as { Logger: { prototype: Logger } };
const { Container } = load('@n8n/di') as { Container: DiContainer };

// Keep n8n-core's instance settings, binary data and config away from ~/.n8n.
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-engine-'));
env.N8N_USER_FOLDER ??= SCRATCH;
env.N8N_BINARY_DATA_STORAGE_PATH ??= path.join(SCRATCH, 'binary');

import {
	BinaryDataConfig,
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionStatus,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	Logger,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	LoggerProxy,
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	isExpression,
} from 'n8n-workflow';

import { EvoLinkApi } from '../../credentials/EvoLinkApi.credentials';
import { EvoLink } from '../../nodes/EvoLink/EvoLink.node';

export const EVOLINK_TYPE = 'n8n-nodes-evolink.evoLink';
export const SOURCE_TYPE = 'test.itemsSource';
export const SOURCE_NAME = 'Items Source';
export const EVOLINK_NAME = 'EvoLink';

// ---------------------------------------------------------------------------------------------
// Nodes and credential types
// ---------------------------------------------------------------------------------------------

/**
 * A start node like n8n's Manual Trigger + Code node: emits the items given as JSON. Test-only,
 * registered below and never loaded by n8n (so not usable as a tool: no `usableAsTool`).
 */
const itemsSource: INodeType = {
	description: {
		displayName: 'Items Source',
		name: 'itemsSource',
		group: ['input'],
		version: 1,
		description: 'Emits the given items',
		defaults: { name: SOURCE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' },
			{ displayName: 'Binaries', name: 'binaries', type: 'json', default: '[]' },
		],
	},

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		const rawBinaries = this.getNodeParameter('binaries', 0, '[]') as string | BinaryInputs[];
		const binaries = (typeof rawBinaries === 'string' ? JSON.parse(rawBinaries) : rawBinaries) as Array<BinaryInputs | null>;
		const out: INodeExecutionData[] = [];
		for (const [i, json] of items.entries()) {
			const item: INodeExecutionData = { json, pairedItem: { item: i } };
			for (const [name, spec] of Object.entries(binaries[i] ?? {})) {
				// Through n8n's own helper, as a Read File or HTTP Request node would store it.
				const head = Buffer.from(spec.base64 ?? '', 'base64');
				const data = spec.size && spec.size > head.length ? Buffer.concat([head, Buffer.alloc(spec.size - head.length)]) : head;
				(item.binary ??= {})[name] = await this.helpers.prepareBinaryData(data, spec.fileName, spec.mimeType);
			}
			out.push(item);
		}
		return [out];
	},
};

/** A binary property of an input item: its first bytes (base64), zero-padded to `size`. */
export interface BinaryInput {
	mimeType: string;
	fileName?: string;
	base64?: string;
	size?: number;
}
export type BinaryInputs = Record<string, BinaryInput>;

const credentialTypes: Record<string, ICredentialType> = { evoLinkApi: new EvoLinkApi() };

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[EVOLINK_TYPE]: new EvoLink(),
		[SOURCE_TYPE]: itemsSource,
	};

	getByName(nodeType: string) {
		const type = this.types[nodeType];
		if (!type) throw new UnexpectedError(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials helper: a map instead of the database; authentication as in n8n's CredentialsHelper
// ---------------------------------------------------------------------------------------------

export type EvoLinkCredentialData = { apiKey?: string; baseUrl?: string; filesBaseUrl?: string; allowLocalCallbacks?: boolean };

/** Credential property defaults under the stored values, as n8n applies them before use. */
function withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const properties = credentialTypes[type]?.properties ?? [];
	const defaults: ICredentialDataDecryptedObject = {};
	for (const p of properties) if (p.default !== undefined) defaults[p.name] = p.default as string;
	return { ...defaults, ...data };
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every credential read the engine made (type names), for assertions. */
	readonly reads: string[] = [];

	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	/** The IAuthenticateGeneric branch of n8n's CredentialsHelper.authenticate: expressions resolved by the workflow. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions & Record<string, unknown>;
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new UnexpectedError('Workflow and node are required for generic authentication');
			const resolve = (value: string) =>
				isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
						)
					: value;
			requestOptions.headers ??= {};
			for (const [outerKey, outer] of Object.entries(authenticate.properties)) {
				const target = ((requestOptions[outerKey] as IDataObject | undefined) ??= {});
				for (const [key, value] of Object.entries(outer as Record<string, string>)) target[resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new UnexpectedError('Not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads.push(type);
		const data = this.store[type];
		if (!data) throw new UnexpectedError(`No credentials of type ${type}`);
		// A fresh copy per read, as decrypting from the database gives.
		return withDefaults(type, structuredClone(data));
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

// ---------------------------------------------------------------------------------------------
// DI: binary data and logging
// ---------------------------------------------------------------------------------------------

export type BinaryMode = 'default' | 'filesystem';

let binaryReady: BinaryMode | undefined;

/** 'default': binary data kept in memory (base64 on the item); 'filesystem': n8n's file store. */
async function setupBinaryData(mode: BinaryMode) {
	if (binaryReady === mode) return;
	const config = Container.get(BinaryDataConfig);
	config.mode = mode;
	config.localStoragePath = env.N8N_BINARY_DATA_STORAGE_PATH!;
	// A fresh service: managers are set up by init() for the configured mode.
	Container.set(BinaryDataService, new BinaryDataService(config, Container.get(BinaryDataService)['errorReporter'], Container.get(BinaryDataService)['logger']));
	const service = Container.get(BinaryDataService);
	if (mode === 'filesystem') await service.init();
	binaryReady = mode;
}

export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

/**
 * Everything logged during runs: the node's this.logger and n8n-core both use the Logger from
 * the DI container (and LoggerProxy); this one keeps the lines instead of printing them.
 */
export const logLines: LogLine[] = [];
const captureLogger = {
	...Object.fromEntries(
		(['error', 'warn', 'info', 'debug'] as const).map((level) => [
			level,
			(message: string, meta?: unknown) => void logLines.push({ level, message, meta }),
		]),
	),
	scoped: () => captureLogger,
} as unknown as Logger;
Container.set(N8nLogger, captureLogger);
LoggerProxy.init(captureLogger);

// ---------------------------------------------------------------------------------------------
// Running a workflow
// ---------------------------------------------------------------------------------------------

/** A binary property as n8n stored it, plus its bytes (from memory or n8n's file store). */
export interface ResolvedBinary {
	mimeType: string;
	data: string;
	fileName?: string;
	fileExtension?: string;
	fileType?: IBinaryData['fileType'];
	fileSize?: string;
	bytes?: number;
	id?: string;
	directory?: string;
	buffer: Buffer;
}

export interface OutputItem {
	json: IDataObject;
	binary?: Record<string, ResolvedBinary>;
	pairedItem?: INodeExecutionData['pairedItem'];
}

export interface RunError {
	message: string;
	description?: string | null;
	itemIndex?: number;
	name?: string;
	httpCode?: string | null;
	node?: string;
}

export interface RunResult {
	status: ExecutionStatus;
	/** Output items of each node that ran (first run, first output). */
	outputs: Record<string, OutputItem[]>;
	/** Shortcut: the EvoLink node's output. */
	items: OutputItem[];
	/** The node's error (or the workflow's) when the run failed. */
	error?: RunError;
	/** The whole run as n8n stores it, for leak checks. */
	run: IRun;
	/** ms from start until the engine's promise settled. */
	durationMs: number;
	/** ms from start until the cancel was sent, when it was. */
	cancelledAtMs?: number;
	/** Status of each workflowExecuteAfter hook call (a cancel fires it at once, before the node returns). */
	hookStatuses: ExecutionStatus[];
	/** Names of the nodes in the order they finished (nodeExecuteAfter hook). */
	nodeExecutionOrder: string[];
}

export interface RunOptions {
	/** The EvoLink node's parameters, as in a workflow JSON (missing ones get their defaults). */
	parameters: INodeParameters;
	/** Input items (json); default one empty item. */
	items?: IDataObject[];
	/** Binary properties of the input items, by item (null: none). */
	binaries?: Array<BinaryInputs | null>;
	/** Node settings. */
	continueOnFail?: boolean;
	onError?: INode['onError'];
	/** Other node settings, e.g. retryOnFail, maxTries, waitBetweenTries. */
	nodeSettings?: Partial<Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'alwaysOutputData' | 'executeOnce'>>;
	/** The evoLinkApi credential; null = node without a credential. */
	credentials?: EvoLinkCredentialData | null;
	binaryMode?: BinaryMode;
	mode?: WorkflowExecuteMode;
	/** Cancel the execution this many ms after the start ... */
	cancelAfterMs?: number;
	/** ... or when this turns true (checked every 25 ms). */
	cancelWhen?: () => boolean;
}

function describeError(error: unknown, fallbackNode?: string): RunError | undefined {
	if (!error || typeof error !== 'object') return undefined;
	const e = error as Record<string, unknown> & { context?: Record<string, unknown>; node?: INode };
	const itemIndex = (e.context?.itemIndex ?? e.itemIndex) as number | undefined;
	return {
		message: String(e.message),
		description: e.description as string | null | undefined,
		itemIndex,
		name: e.name as string | undefined,
		httpCode: e.httpCode as string | null | undefined,
		node: e.node?.name ?? fallbackNode,
	};
}

async function resolveItems(items: INodeExecutionData[] | null | undefined): Promise<OutputItem[]> {
	const out: OutputItem[] = [];
	for (const item of items ?? []) {
		const result: OutputItem = { json: item.json, pairedItem: item.pairedItem };
		if (item.binary && Object.keys(item.binary).length > 0) {
			result.binary = {};
			for (const [key, data] of Object.entries(item.binary)) {
				const buffer = data.id
					? await Container.get(BinaryDataService).getAsBuffer(data)
					: Buffer.from(data.data, 'base64');
				result.binary[key] = { ...(data as Omit<ResolvedBinary, 'buffer'>), buffer };
			}
		}
		out.push(result);
	}
	return out;
}

let executionSeq = 0;

function additionalDataFor(credentialsHelper: ICredentialsHelper, hooks: ExecutionLifecycleHooks, executionId: string) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new UnexpectedError('Sub-workflows are not available in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new UnexpectedError('Task runners are not available in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs Items Source → EvoLink through WorkflowExecute and returns what n8n recorded. */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	await setupBinaryData(options.binaryMode ?? 'default');
	const executionId = String(++executionSeq);
	const mode = options.mode ?? 'manual';

	const source: INode = {
		id: 'source',
		name: SOURCE_NAME,
		type: SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]), binaries: JSON.stringify(options.binaries ?? []) },
	};
	const evolink: INode = {
		id: 'evolink',
		name: EVOLINK_NAME,
		type: EVOLINK_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		...(options.credentials === null ? {} : { credentials: { evoLinkApi: { id: 'cred-1', name: 'EvoLink account' } } }),
		...(options.continueOnFail !== undefined ? { continueOnFail: options.continueOnFail } : {}),
		...(options.onError !== undefined ? { onError: options.onError } : {}),
		...options.nodeSettings,
	};
	const workflow = new Workflow({
		id: 'wf-engine-test',
		name: 'EvoLink engine test',
		nodes: [source, evolink],
		connections: { [SOURCE_NAME]: { main: [[{ node: EVOLINK_NAME, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: new TestNodeTypes(),
		settings: { executionOrder: 'v1' },
	});

	const credentialsHelper = new TestCredentialsHelper(
		options.credentials ? { evoLinkApi: options.credentials as ICredentialDataDecryptedObject } : {},
	);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes: [source, evolink],
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const hookStatuses: ExecutionStatus[] = [];
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('workflowExecuteAfter', (run) => void hookStatuses.push(run.status));
	hooks.addHandler('nodeExecuteAfter', (nodeName) => void nodeExecutionOrder.push(nodeName));
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: source, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const started = Date.now();
	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	let promise: ReturnType<WorkflowExecute['processRunExecutionData']>;
	try {
		promise = execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses a workflow with node issues (e.g. a required parameter left empty) before running it.
		return {
			status: 'error',
			outputs: {},
			items: [],
			error: describeError(error),
			run: { data: runExecutionData, status: 'error' } as unknown as IRun,
			durationMs: Date.now() - started,
			hookStatuses: [],
			nodeExecutionOrder: [],
		};
	}

	let cancelledAtMs: number | undefined;
	let settled = false;
	const cancel = () => {
		if (settled || cancelledAtMs !== undefined) return;
		cancelledAtMs = Date.now() - started;
		promise.cancel();
	};
	const cancelTimers: NodeJS.Timeout[] = [];
	if (options.cancelAfterMs !== undefined) cancelTimers.push(timers.setTimeout(cancel, options.cancelAfterMs));
	if (options.cancelWhen) {
		const check = options.cancelWhen;
		cancelTimers.push(timers.setInterval(() => check() && cancel(), 25));
	}

	let run: IRun;
	try {
		run = await promise;
	} finally {
		settled = true;
		cancelTimers.forEach((t) => timers.clearInterval(t));
	}
	const durationMs = Date.now() - started;

	const outputs: Record<string, OutputItem[]> = {};
	let nodeError: unknown;
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		const task = tasks[0];
		outputs[name] = await resolveItems(task?.data?.main?.[0]);
		if (task?.error && !nodeError) nodeError = task.error;
	}
	const error = describeError(nodeError ?? run.data.resultData.error, run.data.resultData.lastNodeExecuted);

	return {
		status: run.status,
		outputs,
		items: outputs[EVOLINK_NAME] ?? [],
		error,
		run,
		durationMs,
		cancelledAtMs,
		hookStatuses,
		nodeExecutionOrder,
	};
}

// ---------------------------------------------------------------------------------------------
// Credential test: n8n's own request-based path (CredentialsTester → RoutingNode)
// ---------------------------------------------------------------------------------------------

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests the evoLinkApi credential the way n8n's CredentialsTester does for a credential with
 * a `test` request: a temporary node type whose only property routes that request, run by
 * n8n-core's RoutingNode in an ExecuteContext; a failed request becomes an Error result.
 * (n8n's CLI keeps the outer part; its steps are restated here, the request itself is core's.)
 */
export async function testCredential(data: EvoLinkCredentialData): Promise<CredentialTestResult & { error?: unknown }> {
	const credentialType = 'evoLinkApi';
	const testRequest = credentialTypes[credentialType].test!;
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'EvoLink account',
		type: credentialType,
		data: withDefaults(credentialType, data as ICredentialDataDecryptedObject),
	};
	const tempType: INodeType = {
		description: {
			displayName: 'No Operation',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempType,
		getByNameAndVersion: () => tempType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: tempType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'cred-test', { id: 'cred-test', nodes: [node], connections: {} } as never);
	const additionalData = additionalDataFor(
		new TestCredentialsHelper({ [credentialType]: credentialsDecrypted.data! }),
		hooks,
		'cred-test',
	);
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, tempType, credentialsDecrypted);
	try {
		await routingNode.runNode();
	} catch (error) {
		const e = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (e.cause?.response) {
			const { status, statusText } = e.cause.response;
			// As n8n's CredentialsTester: a matching responseCode rule gives its own message.
			const rule = testRequest.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule) return { status: 'Error', message: rule.properties.message, error };
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}`, error };
		} else if (e.cause?.code) return { status: 'Error', message: e.cause.code, error };
		return { status: 'Error', message: String(e.message), error };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Every string reachable from a value, joined: own properties (enumerable or not, so also an
 * error's message, stack, cause, response, config.headers), through arrays, maps and nesting.
 */
export function deepText(value: unknown, seen = new Set<unknown>()): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'function') return '';
	if (typeof value !== 'object') return String(value);
	if (seen.has(value)) return '';
	seen.add(value);
	if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return '';
	const parts: string[] = [];
	if (value instanceof Map) for (const [k, v] of value) parts.push(`${deepText(k, seen)}=${deepText(v, seen)}`);
	for (const key of Reflect.ownKeys(value as object)) {
		let v: unknown;
		try {
			v = (value as Record<string | symbol, unknown>)[key];
		} catch {
			continue;
		}
		parts.push(`${String(key)}=${deepText(v, seen)}`);
	}
	return parts.join('\n');
}

export function cleanupScratch() {
	fs.rmSync(SCRATCH, { recursive: true, force: true });
}
