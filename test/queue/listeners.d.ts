// Types for listeners.js (plain JS: it reads /proc).
export interface Listener {
	pid: number;
	address: string;
	port: number;
	/** 127.0.0.0/8, ::1 or ::ffff:127.x */
	loopback: boolean;
}
/** Every TCP socket the given processes listen on. */
export function listenersOf(pids: number[]): Listener[];
export function decode(hex: string): { address: string; port: number; loopback: boolean };
