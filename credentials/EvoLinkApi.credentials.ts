import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class EvoLinkApi implements ICredentialType {
	name = 'evoLinkApi';

	displayName = 'EvoLink API';

	documentationUrl = 'https://docs.evolink.ai';

	icon: Icon = { light: 'file:../icons/evolink.svg', dark: 'file:../icons/evolink.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk-evo-...',
			description: 'From the API key page of your EvoLink dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.evolink.ai',
			description: 'Change only for another EvoLink host, a proxy, or a local simulator',
		},
		{
			displayName: 'Files API URL',
			name: 'filesBaseUrl',
			type: 'string',
			default: 'https://files-api.evolink.ai',
			description: "Where binary images, videos and audio are uploaded before a model reads them (EvoLink's Files API); the API key is sent there too",
		},
		{
			displayName: 'Allow Local Callback URLs (Testing)',
			name: 'allowLocalCallbacks',
			type: 'boolean',
			default: false,
			description:
				'Whether callback URLs on http:// or internal addresses are allowed. Only for a local EvoLink simulator: EvoLink itself calls back public https:// addresses only.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// A cheap read-only call. n8n's tester only shows the HTTP status, so say what it means.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://api.evolink.ai").trim().replace(/\\/+$/, "")}}',
			url: '/v1/credits',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'EvoLink refused the API key (401). Check the key on your EvoLink dashboard.' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'This EvoLink API key is not allowed to use the API (403).' },
			},
		],
	};
}
