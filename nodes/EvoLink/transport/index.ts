export * from './credentials';
export * from './request';
export * from './tasks';
export { EvoLinkRequestError } from './errors';
