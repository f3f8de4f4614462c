// Types for host.js (see there): Node's own modules for TypeScript test code, typed by
// @types/node (a devDependency). host.js stays plain CommonJS, so nothing here is compiled.
/// <reference types="node" />

export const childProcess: typeof import('node:child_process');
export const crypto: typeof import('node:crypto');
export const fs: typeof import('node:fs');
export const http: typeof import('node:http');
export const net: typeof import('node:net');
export const os: typeof import('node:os');
export const path: typeof import('node:path');
export const readline: typeof import('node:readline');
export const timers: typeof import('node:timers');
/** await delay(ms) (node:timers/promises setTimeout) */
export const delay: typeof import('node:timers/promises').setTimeout;
/** Calls fn every `every` ms (250) until it returns something truthy (returned), or throws after `ms`. */
export function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms: number, every?: number): Promise<T>;
/** process.env (read and write) */
export const env: NodeJS.ProcessEnv;
/** process.argv */
export const argv: string[];
/** process.stdout / process.stderr */
export const stdout: NodeJS.WriteStream;
export const stderr: NodeJS.WriteStream;
/** The repository root. */
export const REPO: string;
/** <repo>/test */
export const TEST_DIR: string;
/** require() of a CommonJS module by absolute path or package name; cast the result to what you use of it. */
export function load(p: string): unknown;
