// Types for scripts/lib/demo-access.mjs, so the TypeScript tests can import it.
export type DemoAccess =
  | { auth: 'password'; password: string; file: string }
  | { auth: 'none' }
  | { error: string; auth?: undefined };
export declare function demoAccess(options: { env: Record<string, string | undefined>; host: string; stateDir: string }): DemoAccess;
