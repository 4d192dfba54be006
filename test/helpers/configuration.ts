/**
 * Test settings for the `gradlens` section of the fake vscode: user (global) and workspace values,
 * as `inspect` reports them, and a naive `get` that lets the workspace win, as a host that does not
 * filter would (whatever GradLens does with workspace values must come from its own reading).
 * Other sections keep the fake's configuration. Undone by `vi.restoreAllMocks()`.
 */
import { vi } from 'vitest';
import * as vscode from 'vscode';

export type SettingValues = Record<string, unknown>;

export function configureGradlens(user: SettingValues, workspaceValues: SettingValues): void {
  const original = vscode.workspace.getConfiguration.bind(vscode.workspace);
  vi.spyOn(vscode.workspace, 'getConfiguration').mockImplementation(((section?: string) => {
    if (section !== 'gradlens') return original(section);
    return {
      get: (key: string, fallback?: unknown) => (key in workspaceValues ? workspaceValues[key] : key in user ? user[key] : fallback),
      inspect: (key: string) => ({ key: `gradlens.${key}`, globalValue: user[key], workspaceValue: workspaceValues[key] }),
      has: (key: string) => key in workspaceValues || key in user,
      update: async () => undefined,
    };
  }) as unknown as typeof vscode.workspace.getConfiguration);
}

/** Sets whether the fake's workspace is trusted. */
export const trust = (trusted: boolean) => { (vscode.workspace as { isTrusted: boolean }).isTrusted = trusted; };
