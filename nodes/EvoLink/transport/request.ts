import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { CREDENTIAL, baseUrlOf } from './credentials';
import { EvoLinkRequestError } from './errors';
import type { ApiErrorBody } from './types';

export type EvoLinkContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

export interface EvoLinkResponse<T> {
	status: number;
	/** Lower-case names. */
	headers: Record<string, string>;
	body: T;
}

export interface RequestOptions {
	body?: IDataObject | FormData;
	qs?: IDataObject;
	headers?: IDataObject;
	timeoutMs?: number;
	/** Another EvoLink host (the Files API); default: the credential's Base URL. */
	baseUrl?: string;
}

/**
 * The one way this package talks to EvoLink: authenticated by n8n's credential system,
 * cancelled with the execution, and every answer returned with its status and headers
 * (HTTP errors are answers too: EvoLinkRequestError carries EvoLink's own error body).
 */
export async function evoLinkRequest<T>(
	ctx: EvoLinkContext,
	method: IHttpRequestMethods,
	path: string,
	options: RequestOptions = {},
): Promise<EvoLinkResponse<T>> {
	const base = options.baseUrl ?? baseUrlOf(await ctx.getCredentials(CREDENTIAL));
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	const request: IHttpRequestOptions = {
		method,
		url: `${base}${path}`,
		json: !(options.body instanceof FormData),
		timeout: options.timeoutMs ?? 60_000,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		...(signal ? { abortSignal: signal } : {}),
	};
	if (options.body) request.body = options.body;
	if (options.qs) request.qs = options.qs;
	if (options.headers) request.headers = options.headers;
	let response: { body?: unknown; headers?: Record<string, unknown>; statusCode?: number };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, request);
	} catch (error) {
		throw toRequestError(error);
	}
	const status = Number(response?.statusCode ?? 200);
	const headers = lowerCaseHeaders(response?.headers ?? {});
	const body = parseJson(response?.body);
	if (status >= 200 && status < 300) return { status, headers, body: body as T };
	throw httpError(status, body, headers);
}

/** An HTTP error answer: EvoLink's own message (or the status), its cleaned body and Retry-After. */
function httpError(status: number, data: unknown, headers: Record<string, string>): EvoLinkRequestError {
	const body = cleanErrorBody(data);
	return new EvoLinkRequestError(body?.error?.message || `EvoLink answered HTTP ${status}`, status, body, retryAfterMs(headers['retry-after']));
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	return out;
}

function parseJson(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	try {
		return JSON.parse(data);
	} catch {
		return data;
	}
}

/** Only EvoLink's documented error fields, redacted: a proxy's answer could hold anything. */
function cleanErrorBody(data: unknown): ApiErrorBody | undefined {
	const parsed = parseJson(data);
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

export function retryAfterMs(value: unknown): number | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A server or proxy might echo the key back: never pass one on (and keep what follows it). */
export function redactKeys(text: string): string {
	// A token may hold dots, but does not end in one: that is the sentence's full stop.
	return text.replace(/Bearer\s+[A-Za-z0-9._~+/=-]*[A-Za-z0-9_~+/=-]/gi, 'Bearer ***').replace(/sk-[A-Za-z0-9_-]{6,}/g, 'sk-***');
}

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before an answer came',
	EPIPE: 'the connection was closed before an answer came',
	UND_ERR_SOCKET: 'the connection was closed before an answer came',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET'];

/** n8n wraps the HTTP client's error (maybe twice): walk the causes. */
function causes(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = error;
	while (current && typeof current === 'object' && chain.length < 5 && !chain.includes(current as never)) {
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

interface ResponseLike {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
}

/**
 * A thrown request failure as an EvoLinkRequestError. With ignoreHttpStatusErrors HTTP
 * errors come back as answers; this is for network failures and aborts, and for HTTP
 * errors thrown anyway (n8n 1.x shapes). Only status, EvoLink's body, Retry-After and a
 * network code survive: never request headers.
 */
export function toRequestError(error: unknown): EvoLinkRequestError {
	if (error instanceof EvoLinkRequestError) return error;
	const chain = causes(error);
	const response = chain.map((e) => e.response as ResponseLike | undefined).find((r) => r && typeof r.status === 'number');
	const networkCode = chain.map((e) => e.code).find((c): c is string => typeof c === 'string' && NETWORK_CODES.includes(c));
	if (response?.status) return httpError(response.status, response.data, lowerCaseHeaders(response.headers ?? {}));
	// n8n 1.x's NodeApiError drops the client error: only httpCode, description and context.data remain.
	const wrapped = chain.find((e) => typeof e.httpCode === 'string' && /^\d{3}$/.test(e.httpCode));
	if (wrapped) {
		const status = Number(wrapped.httpCode);
		const body = cleanErrorBody((wrapped.context as { data?: unknown } | undefined)?.data);
		const described = typeof wrapped.description === 'string' ? redactKeys(wrapped.description) : '';
		return new EvoLinkRequestError(body?.error?.message || described || `EvoLink answered HTTP ${status}`, status, body);
	}
	const legacyCode = chain.map((e) => e.httpCode).find((c): c is string => typeof c === 'string' && NETWORK_CODES.includes(c));
	const aborted = chain.some((e) => e.name === 'AbortError' || e.code === 'ERR_CANCELED');
	if (aborted) return new EvoLinkRequestError('The request was canceled', undefined, undefined, undefined, 'ABORTED');
	const code = networkCode ?? legacyCode ?? 'ENETWORK';
	// The innermost message is the system's own ("connect ECONNREFUSED 127.0.0.1:9"), not n8n's rewording.
	const root = chain[chain.length - 1] ?? {};
	const detail = typeof root.message === 'string' && root.message ? redactKeys(root.message) : code;
	// Plain words: n8n replaces any error message that contains a code like ECONNREFUSED with its own text.
	return new EvoLinkRequestError(`could not be reached: ${NETWORK_WORDS[code] ?? 'a network error'}`, undefined, undefined, undefined, code, detail);
}
