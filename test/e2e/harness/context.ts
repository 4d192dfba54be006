/** What the global setup hands to every end-to-end test file (through vitest's provide/inject). */
export interface ServerInfo {
  /** http://localhost:PORT */
  origin: string;
  /** The VS Code user data folder of that code-server (logs, settings). */
  userDataDir: string;
}

export interface E2EContext {
  /** The extension host GradLens runs in: Node (`main`), or the browser's web worker (`browser`; GRADLENS_E2E_HOST=web). */
  host: 'node' | 'web';
  /** Temporary folder of this run: workspaces, code-server state, the .vsix. */
  root: string;
  repoRoot: string;
  /** The packaged extension under test. */
  vsix: string;
  /** publisher.name, e.g. gradlens.gradlens */
  extensionId: string;
  /** artifacts/screenshots in the repository (git ignores artifacts/). */
  screenshots: string;
  servers: {
    /** Started with --disable-workspace-trust. */
    trusted: ServerInfo;
    /** Workspace trust on: folders open in restricted mode. */
    restricted: ServerInfo;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    gradlensE2E: E2EContext;
  }
}
