/**
 * toRequestError on the error shapes n8n really produces (n8n-core wraps the axios error of
 * httpRequestWithAuthentication in a NodeApiError), and the API key never surviving it.
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { hintFor, toNodeError } from '../../nodes/EvoLink/output/errors';
import { OFFICIAL_BASE_URL, baseUrlOf, isOfficialApi, redactKeys, toRequestError } from '../../nodes/EvoLink/transport';
import { EvoLinkRequestError } from '../../nodes/EvoLink/transport/errors';
import { load } from '../support/host';
import { TRANSPORT_KEY } from '../support/keys';

/**
 * What these tests use of axios: n8n-core's HTTP client, whose errors n8n wraps. It is not a
 * dependency of this package, so it comes through the host.
 */
interface Axios {
	AxiosError: (new (message?: string, code?: string, config?: unknown, request?: unknown, response?: unknown) => Error) & {
		ERR_BAD_REQUEST: string;
	};
	AxiosHeaders: { from(headers: Record<string, string>): unknown };
	CanceledError: new (message?: string, code?: string, config?: unknown) => Error;
}
const { AxiosError, AxiosHeaders, CanceledError } = load('axios') as Axios;

const KEY = TRANSPORT_KEY;
const NODE: INode = {
	id: 'node-1',
	name: 'EvoLink',
	type: 'n8n-nodes-evolink.evoLink',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The request config n8n's HTTP client keeps on its errors: it holds the key. */
function config() {
	return {
		method: 'post',
		url: 'https://api.evolink.ai/v1/videos/generations',
		headers: AxiosHeaders.from({ Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }),
		data: JSON.stringify({ model: 'wan2.5-text-to-video', prompt: 'x' }),
		auth: undefined,
	};
}

/** An HTTP error response as axios reports it, wrapped by n8n like httpRequestWithAuthentication does. */
function httpError(status: number, data: unknown, headers: Record<string, string> = {}): NodeApiError {
	const cfg = config();
	const request = { method: 'POST', path: '/v1/videos/generations', _header: `POST / HTTP/1.1\r\nAuthorization: Bearer ${KEY}\r\n` };
	const response = {
		status,
		statusText: 'x',
		headers: AxiosHeaders.from(headers),
		data,
		config: cfg,
		request,
	};
	const axiosError = new AxiosError(`Request failed with status code ${status}`, AxiosError.ERR_BAD_REQUEST, cfg as never, request, response as never);
	return new NodeApiError(NODE, axiosError as never);
}

/** A network failure: axios error with the system error as cause, wrapped by n8n. */
function networkError(code: string, message: string): NodeApiError {
	const system = Object.assign(new Error(message), { code, syscall: 'connect', errno: -111 });
	const axiosError = new AxiosError(message, code, config() as never, { _header: `Authorization: Bearer ${KEY}` });
	(axiosError as { cause?: unknown }).cause = system;
	return new NodeApiError(NODE, axiosError as never);
}

/** Everything reachable from a value, own non-enumerable properties (message, cause, stack) included. */
function dump(value: unknown): string {
	const seen = new Set<unknown>();
	const parts: string[] = [];
	const walk = (v: unknown, depth: number) => {
		if (depth > 12) return;
		if (typeof v === 'string') return void parts.push(v);
		if (typeof v !== 'object' || v === null || seen.has(v)) return;
		seen.add(v);
		for (const key of Object.getOwnPropertyNames(v)) {
			parts.push(key);
			try {
				walk((v as Record<string, unknown>)[key], depth + 1);
			} catch {
				// getters that throw
			}
		}
	};
	walk(value, 0);
	return parts.join('\n');
}

function expectNoSecret(value: unknown) {
	for (const text of [JSON.stringify(value) ?? '', dump(value)]) {
		expect(text).not.toContain(KEY);
		expect(text).not.toMatch(/sk-evo-[A-Za-z0-9]/);
		expect(text).not.toMatch(/Bearer /);
		expect(text).not.toMatch(/authorization/i);
	}
}

describe('toRequestError: HTTP errors', () => {
	it('400 with EvoLink body, numeric error.code', () => {
		const body = { error: { code: 400, message: 'Invalid aspect_ratio', type: 'invalid_request_error', param: 'aspect_ratio' } };
		const err = toRequestError(httpError(400, body));
		expect(err).toBeInstanceOf(EvoLinkRequestError);
		expect(err.message).toBe('Invalid aspect_ratio');
		expect(err.httpCode).toBe(400);
		expect(err.body).toEqual(body);
		expect(err.retryAfterMs).toBeUndefined();
		expect(err.notAccepted).toBe(false);
		expect(err.transient).toBe(false);
	});

	it('402 with string error.code and a billing suggestion', () => {
		const body = {
			error: {
				code: 'insufficient_quota',
				message: 'Insufficient credits',
				type: 'insufficient_quota_error',
				fallback_suggestion: 'https://evolink.ai/dashboard/billing',
			},
		};
		const err = toRequestError(httpError(402, body));
		expect([err.httpCode, err.message, err.body?.error?.code]).toEqual([402, 'Insufficient credits', 'insufficient_quota']);
		expect([err.notAccepted, err.transient]).toEqual([false, false]);
	});

	it('401: not transient, not accepted flag off', () => {
		const err = toRequestError(httpError(401, { error: { code: 401, message: 'Invalid API key', type: 'authentication_error' } }));
		expect([err.httpCode, err.message, err.notAccepted, err.transient]).toEqual([401, 'Invalid API key', false, false]);
	});

	it('429 with Retry-After in seconds: not accepted (safe to retry a create), transient', () => {
		const err = toRequestError(
			httpError(429, { error: { code: 'rate_limit_exceeded', message: 'Too many requests', type: 'rate_limit_error' } }, { 'retry-after': '30' }), // Node lowercases response header names
		);
		expect(err.httpCode).toBe(429);
		expect(err.message).toBe('Too many requests');
		expect(err.retryAfterMs).toBe(30_000);
		expect(err.notAccepted).toBe(true);
		expect(err.transient).toBe(true);
	});

	it('429 without Retry-After', () => {
		const err = toRequestError(httpError(429, { error: { code: 429, message: 'Rate limited' } }));
		expect(err.retryAfterMs).toBeUndefined();
		expect(err.notAccepted).toBe(true);
	});

	describe('Retry-After as an HTTP date', () => {
		beforeEach(() => jest.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z') }));
		afterEach(() => jest.useRealTimers());

		it('in the future → milliseconds from now', () => {
			const err = toRequestError(httpError(503, 'Service Unavailable', { 'retry-after': 'Sun, 01 Jun 2025 12:00:45 GMT' }));
			expect(err.retryAfterMs).toBe(45_000);
		});

		it('in the past → 0', () => {
			const err = toRequestError(httpError(429, '', { 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }));
			expect(err.retryAfterMs).toBe(0);
		});

		it('garbage → undefined', () => {
			expect(toRequestError(httpError(429, '', { 'retry-after': 'soon' })).retryAfterMs).toBeUndefined();
		});
	});

	it('a JSON error body delivered as a string is parsed', () => {
		const err = toRequestError(httpError(500, '{"error":{"code":"internal_error","message":"Upstream exploded","type":"internal_server_error"}}'));
		expect(err.httpCode).toBe(500);
		expect(err.message).toBe('Upstream exploded');
		expect(err.body?.error?.type).toBe('internal_server_error');
		expect([err.notAccepted, err.transient]).toEqual([false, true]);
	});

	it('an HTML / plain string body → a generic message, no body', () => {
		const err = toRequestError(httpError(502, '<html><body>Bad Gateway</body></html>'));
		expect(err.message).toBe('EvoLink answered HTTP 502');
		expect(err.body).toBeUndefined();
		expect([err.httpCode, err.notAccepted, err.transient]).toEqual([502, false, true]);
	});

	it('a body without error.message → the generic message', () => {
		const err = toRequestError(httpError(503, { error: { code: 503, type: 'service_unavailable_error' } }));
		expect(err.message).toBe('EvoLink answered HTTP 503');
		expect(err.transient).toBe(true);
	});

	it('404 task_not_found', () => {
		const err = toRequestError(httpError(404, { error: { code: 'task_not_found', message: 'Task not found', type: 'not_found_error' } }));
		expect([err.httpCode, err.message, err.transient]).toEqual([404, 'Task not found', false]);
	});

	it('also works on a bare axios error (not wrapped by n8n)', () => {
		const wrapped = httpError(429, { error: { message: 'slow down' } }, { 'retry-after': '2' });
		const err = toRequestError(wrapped.cause);
		expect([err.httpCode, err.message, err.retryAfterMs]).toEqual([429, 'slow down', 2000]);
	});

	it('an EvoLinkRequestError passes through unchanged', () => {
		const original = new EvoLinkRequestError('x', 500);
		expect(toRequestError(original)).toBe(original);
	});
});

describe('toRequestError: network errors and aborts', () => {
	it('ECONNREFUSED (nested in cause): not accepted, transient', () => {
		const err = toRequestError(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4010'));
		expect(err.httpCode).toBeUndefined();
		expect(err.networkCode).toBe('ECONNREFUSED');
		expect(err.message).toBe('could not be reached: the connection was refused');
		expect(err.detail).toBe('connect ECONNREFUSED 127.0.0.1:4010');
		expect(err.notAccepted).toBe(true);
		expect(err.transient).toBe(true);
	});

	it('ECONNRESET: the server may have taken the create → not "not accepted", but transient', () => {
		const err = toRequestError(networkError('ECONNRESET', 'socket hang up'));
		expect(err.networkCode).toBe('ECONNRESET');
		expect(err.message).toBe('could not be reached: the connection was closed before an answer came');
		expect(err.notAccepted).toBe(false);
		expect(err.transient).toBe(true);
	});

	it('ECONNRESET deep in a fetch-style cause chain', () => {
		const root = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: root });
		const err = toRequestError(new NodeApiError(NODE, fetchFailed as never));
		expect(err.networkCode).toBe('ECONNRESET');
		expect([err.notAccepted, err.transient]).toEqual([false, true]);
	});

	it('a timeout (ECONNABORTED): transient, not "not accepted"', () => {
		const err = toRequestError(networkError('ECONNABORTED', 'timeout of 60000ms exceeded'));
		expect(err.networkCode).toBe('ECONNABORTED');
		expect([err.notAccepted, err.transient]).toEqual([false, true]);
	});

	it('an unknown failure without a code → ENETWORK, transient', () => {
		const err = toRequestError(new Error('something odd'));
		expect(err.networkCode).toBe('ENETWORK');
		expect(err.message).toBe('could not be reached: a network error');
		expect(err.detail).toBe('something odd');
		expect(err.transient).toBe(true);
	});

	it('an axios abort (CanceledError, ERR_CANCELED) wrapped by n8n: neither retried nor "not accepted"', () => {
		const cancelled = new CanceledError(undefined, undefined, config() as never);
		const err = toRequestError(new NodeApiError(NODE, cancelled as never));
		expect(err.message).toBe('The request was canceled');
		expect(err.networkCode).toBe('ABORTED');
		expect([err.httpCode, err.notAccepted, err.transient]).toEqual([undefined, false, false]);
	});

	it('a DOM AbortError', () => {
		const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
		const err = toRequestError(abort);
		expect(err.networkCode).toBe('ABORTED');
		expect(err.transient).toBe(false);
	});
});

describe('the API key never survives', () => {
	const cases: Array<[string, () => unknown]> = [
		['400 JSON body', () => httpError(400, { error: { code: 400, message: 'Invalid prompt', param: 'prompt' } })],
		['401', () => httpError(401, { error: { code: 401, message: 'Invalid API key' } })],
		['429 + Retry-After', () => httpError(429, { error: { message: 'slow' } }, { 'retry-after': '5' })],
		['502 HTML', () => httpError(502, '<html>bad gateway</html>')],
		['ECONNREFUSED', () => networkError('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443')],
		['ECONNRESET', () => networkError('ECONNRESET', 'socket hang up')],
		['abort', () => new NodeApiError(NODE, new CanceledError(undefined, undefined, config() as never) as never)],
	];

	it.each(cases)('%s: the original error does hold the key (sanity)', (_label, make) => {
		expect(dump(make())).toContain(KEY);
	});

	it.each(cases)('%s: toRequestError holds no key and no Authorization header', (_label, make) => {
		expectNoSecret(toRequestError(make()));
	});

	it.each(cases)('%s: toNodeError holds no key and no Authorization header', (_label, make) => {
		const nodeError = toNodeError(NODE, toRequestError(make()), 0, { model: 'wan2.5-text-to-video' });
		// An HTTP answer is an API error; a network failure or a cancel is not: n8n leaves its message alone.
		expect(nodeError).toBeInstanceOf(/^(ECONN|abort)/.test(_label) ? NodeOperationError : NodeApiError);
		expectNoSecret(nodeError);
		expectNoSecret(nodeError.toJSON?.());
	});
});

describe('toNodeError and hintFor', () => {
	it('names EvoLink, the message and the HTTP status; the hint goes to the description', () => {
		const err = toRequestError(httpError(402, { error: { code: 402, message: 'Insufficient credits' } }));
		const nodeError = toNodeError(NODE, err, 3, { model: 'kling-v3-text-to-video' });
		expect(nodeError.message).toBe('EvoLink: Insufficient credits (HTTP 402)');
		expect(nodeError.description).toBe(
			'Your EvoLink credits are not enough for this task. Top up at https://evolink.ai/dashboard/billing.',
		);
		expect(nodeError.httpCode).toBe('402');
		expect(nodeError.context.itemIndex).toBe(3);
	});

	it.each([
		[400, { param: 'aspect_ratio' }, undefined, 'EvoLink rejected the parameter "aspect_ratio".'],
		[401, {}, undefined, 'Check the API key in the EvoLink API credential (keys look like sk-evo-…).'],
		[403, {}, 'kling-v3-text-to-video', 'This API key has no access to the model kling-v3-text-to-video.'],
		[
			429,
			{ fallback_suggestion: 'retry after 60 seconds' },
			undefined,
			'EvoLink is rate limiting this key (retry after 60 seconds). Lower the number of items per run or retry later.',
		],
		[503, { fallback_suggestion: 'retry after 30 seconds' }, undefined, 'EvoLink had a server problem (retry after 30 seconds). Retry in a little while.'],
	])('hint for HTTP %s', (status, extra, model, hint) => {
		const err = toRequestError(httpError(status as number, { error: { message: 'm', ...(extra as object) } }));
		expect(hintFor(err, model)).toBe(hint);
	});

	it('hint for a network error points at the Base URL', () => {
		expect(hintFor(toRequestError(networkError('ECONNREFUSED', 'connect ECONNREFUSED')))).toBe(
			'Check the Base URL in the EvoLink API credential and the network.',
		);
	});
});

describe('baseUrlOf and isOfficialApi', () => {
	it.each([
		[{}, OFFICIAL_BASE_URL],
		[{ baseUrl: '' }, 'https://api.evolink.ai'],
		[{ baseUrl: 'https://api.evolink.ai/' }, 'https://api.evolink.ai'],
		[{ baseUrl: '  http://127.0.0.1:4010//  ' }, 'http://127.0.0.1:4010'],
	])('baseUrlOf(%j) = %s', (credentials, expected) => {
		expect(baseUrlOf(credentials)).toBe(expected);
	});

	it.each([
		['https://api.evolink.ai', true],
		['https://evolink.ai', true],
		['https://files-api.evolink.ai', true],
		['http://127.0.0.1:4010', false],
		['http://localhost:4010', false],
		['https://evolink.ai.attacker.example', false],
		['https://notevolink.ai', false],
		['not a url', false],
	])('isOfficialApi(%s) = %s', (url, expected) => {
		expect(isOfficialApi(url)).toBe(expected);
	});
});

// n8n 1.x: its NodeApiError loses the client error (`cause` is a class field there), so only
// httpCode, description (EvoLink's message) and context.data (its body) are left to read.
describe('toRequestError: the error shape of n8n 1.x', () => {
	const legacy = (fields: Record<string, unknown>) =>
		Object.assign(new Error('Authorization failed - please check your credentials'), { name: 'NodeApiError', cause: undefined, ...fields });

	it('reads the status and EvoLink body from httpCode and context.data', () => {
		const err = toRequestError(
			legacy({
				httpCode: '401',
				description: 'Invalid API key',
				context: { data: { error: { code: 'unauthorized', message: 'Invalid API key', type: 'authentication_error' } } },
			}),
		);
		expect([err.message, err.httpCode, err.body?.error?.code, err.networkCode]).toEqual(['Invalid API key', 401, 'unauthorized', undefined]);
	});

	it('a 429 stays retryable without its Retry-After (1.x drops the headers)', () => {
		const err = toRequestError(legacy({ httpCode: '429', description: 'Too many requests' }));
		expect([err.httpCode, err.notAccepted, err.transient, err.retryAfterMs]).toEqual([429, true, true, undefined]);
		expect(err.message).toBe('Too many requests');
	});

	it('a refused connection keeps its network code, so a create may be retried', () => {
		const err = toRequestError(legacy({ httpCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' }));
		expect([err.networkCode, err.notAccepted]).toEqual(['ECONNREFUSED', true]);
	});

	it('a key echoed in the description is redacted', () => {
		const err = toRequestError(legacy({ httpCode: '400', description: 'bad key sk-evo-abcdef123456' }));
		expect(err.message).toBe('bad key sk-***');
	});
});

describe('messages (defect 8 of the fresh-machine issue)', () => {
	it('a network failure names EvoLink once, whatever n8n version wrapped it', () => {
		const refused = toNodeError(NODE, toRequestError(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')), 0);
		expect(refused.message).toBe('EvoLink could not be reached: the connection was refused');
		expect(refused.description).toContain('(connect ECONNREFUSED 127.0.0.1:9)');
		const legacy = toNodeError(NODE, toRequestError({ httpCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' }), 0);
		expect(legacy.message).toBe('EvoLink could not be reached: the connection was refused');
	});

	it('key redaction keeps what follows the key', () => {
		expect(redactKeys(`(you sent: Bearer ${KEY}) (HTTP 401)`)).toBe('(you sent: Bearer ***) (HTTP 401)');
		expect(redactKeys(`key ${KEY}, again`)).toBe('key sk-***, again');
	});
});
