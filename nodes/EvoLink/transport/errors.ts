import type { ApiErrorBody } from './types';

/**
 * A failed EvoLink call, before it is turned into an n8n error. Keeps what retry
 * logic needs (HTTP status, Retry-After, network error code) and EvoLink's message.
 * Never holds request headers, so the API key cannot leak through it.
 */
export class EvoLinkRequestError extends Error {
	constructor(
		message: string,
		readonly httpCode?: number,
		readonly body?: ApiErrorBody,
		readonly retryAfterMs?: number,
		/** Node network error code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT. */
		readonly networkCode?: string,
	) {
		super(message);
		this.name = 'EvoLinkRequestError';
	}

	/** The server certainly did not accept the request: safe to retry even a paid create. */
	get notAccepted(): boolean {
		return this.httpCode === 429 || this.networkCode === 'ECONNREFUSED';
	}

	/** Worth retrying for an idempotent call such as a task query. */
	get transient(): boolean {
		if (this.networkCode) return this.networkCode !== 'ABORTED';
		return this.httpCode === 429 || (this.httpCode !== undefined && this.httpCode >= 500);
	}
}
