import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { EvoLinkRequestError } from './errors';
import type { ApiErrorBody, ApiTask } from './types';
import { isTask } from './types';

export type EvoLinkContext = IExecuteFunctions | IWebhookFunctions;

export const CREDENTIAL = 'evoLinkApi';
export const OFFICIAL_BASE_URL = 'https://api.evolink.ai';

export interface EvoLinkCredentials {
	apiKey?: string;
	baseUrl?: string;
}

export function baseUrlOf(credentials: EvoLinkCredentials): string {
	return (credentials.baseUrl || OFFICIAL_BASE_URL).trim().replace(/\/+$/, '');
}

/** EvoLink's own hosts enforce rules a simulator or proxy may not (e.g. https callbacks). */
export function isOfficialApi(baseUrl: string): boolean {
	try {
		const host = new URL(baseUrl).hostname;
		return host === 'evolink.ai' || host.endsWith('.evolink.ai');
	} catch {
		return false;
	}
}

/** The one way this package talks to EvoLink: authenticated by n8n, errors made plain. */
export async function evoLinkRequest<T>(
	this: EvoLinkContext,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; timeoutMs?: number } = {},
): Promise<T> {
	const credentials = (await this.getCredentials(CREDENTIAL)) as EvoLinkCredentials;
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrlOf(credentials)}${path}`,
		json: true,
		timeout: options.timeoutMs ?? 60_000,
	};
	if (options.body) request.body = options.body;
	try {
		return (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL, request)) as T;
	} catch (error) {
		throw toRequestError(error);
	}
}

/** `GET /v1/tasks/{id}`, checked to be a task. */
export async function getTask(ctx: EvoLinkContext, id: string, timeoutMs?: number): Promise<ApiTask> {
	const task: unknown = await evoLinkRequest.call(ctx, 'GET', `/v1/tasks/${encodeURIComponent(id)}`, { timeoutMs });
	if (!isTask(task)) throw new EvoLinkRequestError('EvoLink answered without a task');
	return task;
}

interface ResponseLike {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
}

/** n8n wraps the HTTP client's error (maybe twice): find the part that has the response. */
function causes(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = error;
	while (current && typeof current === 'object' && chain.length < 5 && !chain.includes(current as never)) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/** Only EvoLink's documented error fields, redacted: a proxy's answer could hold anything. */
function parseBody(data: unknown): ApiErrorBody | undefined {
	let parsed: unknown = data;
	if (typeof data === 'string') {
		try {
			parsed = JSON.parse(data);
		} catch {
			return undefined;
		}
	}
	const error = (parsed as ApiErrorBody | null)?.error;
	if (!error || typeof error !== 'object' || ArrayBuffer.isView(parsed)) return undefined;
	const text = (v: unknown) => (typeof v === 'string' ? redactKeys(v) : undefined);
	const clean: NonNullable<ApiErrorBody['error']> = {
		code: typeof error.code === 'number' ? error.code : text(error.code),
		message: text(error.message),
		type: text(error.type),
		param: text(error.param),
		fallback_suggestion: text(error.fallback_suggestion),
	};
	for (const key of Object.keys(clean) as Array<keyof typeof clean>) if (clean[key] === undefined) delete clean[key];
	return { error: clean };
}

function header(headers: Record<string, unknown>, name: string): unknown {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

function retryAfterMs(value: unknown): number | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A server or proxy might echo the key back: never pass one on. */
export function redactKeys(text: string): string {
	return text.replace(/sk-[A-Za-z0-9_-]{6,}/g, 'sk-***').replace(/Bearer\s+\S+/gi, 'Bearer ***');
}

const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'];

/** Only status, EvoLink's body, Retry-After and a network code survive: never request headers. */
export function toRequestError(error: unknown): EvoLinkRequestError {
	if (error instanceof EvoLinkRequestError) return error;
	const chain = causes(error);
	const response = chain.map((e) => e.response as ResponseLike | undefined).find((r) => r && typeof r.status === 'number');
	const networkCode = chain.map((e) => e.code).find((c): c is string => typeof c === 'string' && NETWORK_CODES.includes(c));
	if (response?.status) {
		const body = parseBody(response.data);
		const headers = response.headers ?? {};
		const message = body?.error?.message || `EvoLink answered HTTP ${response.status}`;
		return new EvoLinkRequestError(message, response.status, body, retryAfterMs(header(headers, 'retry-after')));
	}
	// n8n 1.x's NodeApiError drops the client error: only httpCode, description and context.data remain.
	const wrapped = chain.find((e) => typeof e.httpCode === 'string' && /^\d{3}$/.test(e.httpCode));
	if (wrapped) {
		const status = Number(wrapped.httpCode);
		const body = parseBody((wrapped.context as { data?: unknown } | undefined)?.data);
		const described = typeof wrapped.description === 'string' ? redactKeys(wrapped.description) : '';
		return new EvoLinkRequestError(body?.error?.message || described || `EvoLink answered HTTP ${status}`, status, body);
	}
	const legacyCode = chain.map((e) => e.httpCode).find((c): c is string => typeof c === 'string' && NETWORK_CODES.includes(c));
	const aborted = chain.some((e) => e.name === 'AbortError' || e.code === 'ERR_CANCELED');
	if (aborted) return new EvoLinkRequestError('The request was canceled', undefined, undefined, undefined, 'ABORTED');
	const root = chain[chain.length - 1] ?? {};
	const message = typeof root.message === 'string' && root.message ? redactKeys(root.message) : 'EvoLink could not be reached';
	return new EvoLinkRequestError(`Could not reach EvoLink: ${message}`, undefined, undefined, undefined, networkCode ?? legacyCode ?? 'ENETWORK');
}
