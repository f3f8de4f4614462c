import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { EvoLinkContext } from './request';

export const CREDENTIAL = 'evoLinkApi';
export const OFFICIAL_BASE_URL = 'https://api.evolink.ai';
/** EvoLink's Files API lives on its own host (platform facts §9). */
export const OFFICIAL_FILES_URL = 'https://files-api.evolink.ai';

export interface EvoLinkCredentials {
	apiKey?: string;
	baseUrl?: string;
	filesBaseUrl?: string;
	allowLocalCallbacks?: boolean;
}

/** What the node needs to know of the credential besides the key (n8n adds that itself). */
export interface ConnectionSettings {
	baseUrl: string;
	filesUrl: string;
	/** Testing against a local simulator: callback URLs on http/loopback are allowed. */
	allowLocalCallbacks: boolean;
}

const trimUrl = (url: unknown, fallback: string) => (typeof url === 'string' && url.trim() ? url : fallback).trim().replace(/\/+$/, '');

export function baseUrlOf(credentials: EvoLinkCredentials | ICredentialDataDecryptedObject): string {
	return trimUrl(credentials.baseUrl, OFFICIAL_BASE_URL);
}

export function filesUrlOf(credentials: EvoLinkCredentials | ICredentialDataDecryptedObject): string {
	return trimUrl(credentials.filesBaseUrl, OFFICIAL_FILES_URL);
}

/** EvoLink's own hosts (api, beta-api, files-api …). */
export function isOfficialApi(baseUrl: string): boolean {
	try {
		const host = new URL(baseUrl).hostname;
		return host === 'evolink.ai' || host.endsWith('.evolink.ai');
	} catch {
		return false;
	}
}

export async function connectionSettings(ctx: EvoLinkContext): Promise<ConnectionSettings> {
	const credentials = await ctx.getCredentials(CREDENTIAL);
	return {
		baseUrl: baseUrlOf(credentials),
		filesUrl: filesUrlOf(credentials),
		allowLocalCallbacks: credentials.allowLocalCallbacks === true,
	};
}
