/**
 * One VS Code window (code-server's workbench in Chromium, driven by playwright-core) on a fresh
 * copy of examples/, with the packaged GradLens installed. Test files get one with `useWorkbench()`:
 *
 *   const vs = useWorkbench({ open: 'worked-example.nn.json' });
 *   it('shows the loss', async () => {
 *     await expect.poll(() => vs.codeLensTexts()).toContainEqual(expect.stringMatching(/loss/));
 *   });
 *
 * Helpers wait for what they need (selectors, quick picks); results that arrive asynchronously
 * (lenses, problems, webview content) are best checked with `expect.poll(...)`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { workbenchUrl } from '../../../scripts/lib/code-server.mjs';
import type { E2EContext, ServerInfo } from './context';

export type ThemeName = 'Default Dark Modern' | 'Default Light Modern' | 'Default Dark+' | 'Default Light+' | (string & {});

export interface WorkbenchOptions {
  /** false: open the folder in restricted mode (workspace trust on, folder not trusted). Default true. */
  trusted?: boolean;
  /** A workspace-relative file to open with the window, e.g. 'worked-example.nn.json'. */
  open?: string;
  /** Colour theme to make sure of when the window opens. Default 'Default Dark Modern'. */
  theme?: ThemeName;
  /** Extra or replaced files written into the workspace copy before the window opens. */
  files?: Record<string, string | Uint8Array>;
  viewport?: { width: number; height: number };
  /**
   * Loads an extension folder as VS Code's "extension under development" and runs an extension
   * test module (a bundled `run()` export) in this window's extension host, as @vscode/test-electron
   * does on the desktop. Its console output lands in `consoleMessages`.
   */
  extensionTests?: { extensionPath: string; testsPath: string };
  /**
   * Opens this address of a code-server started elsewhere (e.g. by `npm run demo`) instead of a
   * copy of examples/ in the suite's servers. `folder` is the folder it shows, `userDataDir` that
   * code-server's user data folder (for logs and settings).
   */
  attach?: { url: string; folder: string; userDataDir: string; password?: string };
}

export interface Problem {
  /** File name as the Problems panel shows it, e.g. 'custom-derivative.nn.json'. */
  file: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based, as shown in the panel. */
  line: number;
  column: number;
  /** The diagnostic's source, e.g. 'gradlens' ('' when it has none). */
  source: string;
}

export interface LineText {
  /** 1-based editor line the item belongs to. */
  line: number;
  text: string;
}

export const CHROMIUM = process.env.GRADLENS_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Minimal shapes of the DOM objects touched by code that runs in the page: the root tsconfig has
// no DOM library, on purpose (only webview/ is browser code). Functions passed to evaluate() are
// serialised into the page, so they may use these types but no variable of this module.
interface PageElement {
  id: string;
  innerText: string;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getBoundingClientRect(): { top: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (text: string): RegExp => new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
const clean = (text: string): string => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export class Workbench {
  readonly e2e: E2EContext = inject('gradlensE2E');
  /** The Chromium page showing the workbench; use it directly for anything the helpers lack. */
  page!: Page;
  /** Absolute path of this window's workspace folder (a copy of examples/). */
  folder = '';
  /** Console errors and uncaught page errors of the workbench and its webviews, in order. */
  readonly consoleErrors: string[] = [];
  /** Every console message of the workbench and its webviews, in order. */
  readonly consoleMessages: string[] = [];
  private browser?: Browser;
  private knownExtensionHosts = new Set<string>();

  constructor(readonly options: WorkbenchOptions = {}) {}

  /** The code-server this window talks to. */
  get server(): ServerInfo {
    const { attach, trusted } = this.options;
    if (attach) return { origin: new URL(attach.url).origin, userDataDir: attach.userDataDir };
    return trusted === false ? this.e2e.servers.restricted : this.e2e.servers.trusted;
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<this> {
    const { options } = this;
    if (options.attach) {
      this.folder = options.attach.folder;
    } else {
      const parent = mkdtempSync(path.join(this.e2e.root, 'workspace-'));
      this.folder = path.join(parent, 'examples');
      cpSync(path.join(this.e2e.repoRoot, 'examples'), this.folder, { recursive: true });
    }
    for (const [name, text] of Object.entries(options.files ?? {})) this.writeFile(name, text);
    this.knownExtensionHosts = new Set(this.extensionHostDirs());

    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await this.browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    this.page = await context.newPage();
    this.page.on('console', (message) => {
      this.consoleMessages.push(message.text());
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    this.page.on('pageerror', (error) => this.consoleErrors.push(String(error)));

    const openFile = options.open ? path.join(this.folder, options.open) : undefined;
    const tests = options.extensionTests;
    const extra: Record<string, string> = tests ? { extensionDevelopmentPath: tests.extensionPath, extensionTestsPath: tests.testsPath } : {};
    if (options.attach?.password) await this.logIn(options.attach.password);
    // Hang bounds, not speed checks: loading the workbench takes ~8 s on a quiet machine and several
    // times that on one busy core.
    await this.page.goto(options.attach?.url ?? workbenchUrl(this.server.origin, this.folder, openFile, extra), { timeout: 180_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
    await this.page.locator('.part.statusbar').waitFor({ timeout: 180_000 });
    if (options.open) await this.waitForActiveTab(path.basename(options.open), 60_000);
    const theme = options.theme ?? 'Default Dark Modern';
    if (!tests && this.userSetting('workbench.colorTheme') !== theme) await this.setTheme(theme);
    return this;
  }

  /**
   * Logs in to a code-server started with `--auth password`: posts the password as its login form does,
   * from this window's browser context, which keeps the session cookie (without loading a workbench
   * for the redirect).
   */
  private async logIn(password: string): Promise<void> {
    const response = await this.page.request.post(`${this.server.origin}/login`, { form: { password }, maxRedirects: 0 });
    if (response.status() !== 302) throw new Error(`code-server did not accept the password (HTTP ${response.status()})`);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
  }

  /** Waits for a console message matching pattern (e.g. an extension test's summary) and returns it. */
  async waitForConsole(pattern: RegExp, timeout = 60_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.consoleMessages.find((message) => pattern.test(message));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no console message matched ${pattern} within ${timeout / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // ---------------------------------------------------------------- workspace files

  /** Absolute path of a workspace-relative file. */
  path(name: string): string {
    return path.join(this.folder, name);
  }

  readFile(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  /** Writes a file on disk (VS Code notices the change, as with any outside edit). */
  writeFile(name: string, text: string | Uint8Array): void {
    if (this.options.attach) throw new Error(`writeFile(${name}): an attached workbench shows a folder the suite does not own`);
    mkdirSync(path.dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), text);
  }

  // ---------------------------------------------------------------- commands and quick input

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async openQuickInput(key: string): Promise<Locator> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
    await this.page.keyboard.press(key);
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible' });
    return input;
  }

  /**
   * Opens the quick input with `key` and runs `action` on it, up to three times: the quick input
   * closes when focus moves elsewhere (a window still settling, an extension revealing a view), and
   * commands contributed late appear only on a later try.
   */
  async withQuickInput<T>(key: string, action: (input: Locator) => Promise<T>, attempts = 3): Promise<T> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const input = await this.openQuickInput(key);
        return await action(input);
      } catch (error) {
        lastError = error;
        if (this.page.isClosed()) break;
        await this.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
    throw lastError;
  }

  /**
   * Sets the text of the quick input's box. It never types: the quick input can close between
   * focusing its box and typing (a window still settling moves focus to the editor), and typed
   * text would then land in the model file and be saved with it. The value is set on the box
   * itself and announced with an `input` event, as typing would; a closed box throws, and
   * `withQuickInput` tries again.
   */
  async setQuickInputValue(input: Locator, value: string): Promise<void> {
    // A quick pick that follows another reuses its box and clears it when it shows: text set on the
    // box before the new pick arrived is gone afterwards, so the text is set again until it holds.
    let shown = '';
    for (let attempt = 0; attempt < 10; attempt++) {
      await input.evaluate((element, text) => {
        const box = element as unknown as { value: string; isConnected: boolean; dispatchEvent(event: unknown): boolean };
        if (!box.isConnected) throw new Error('the quick input closed');
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }, value, { timeout: 15_000 });
      await this.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
      shown = await input.inputValue({ timeout: 15_000 });
      if (shown === value) return;
      await this.page.waitForTimeout(500);
    }
    throw new Error(`the quick input shows ${JSON.stringify(shown)}, not ${JSON.stringify(value)}`);
  }

  /** The rows of the open quick pick whose label matches. */
  quickPickRows(label: string | RegExp): Locator {
    return this.quickInput
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: typeof label === 'string' ? exactly(label) : label }) });
  }

  /** Labels of the rows the open quick pick shows. */
  async quickPickLabels(): Promise<string[]> {
    return (await this.quickInput.locator('.monaco-list-row .label-name').allInnerTexts()).map(clean);
  }

  /** Picks an item of the open quick pick (after typing `filter`, if given) by its label. */
  async pickQuickItem(label: string | RegExp, filter?: string, timeout = 20_000): Promise<void> {
    const row = this.quickPickRows(label).first();
    // With a filter, the text is set again while the row has not shown: the pick that follows a
    // previous one may arrive (and clear its box) just after the text was set.
    const attempts = filter === undefined ? 1 : 4;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (filter !== undefined) await this.setQuickInputValue(this.quickInput.locator('.quick-input-box input'), filter);
      try {
        await row.waitFor({ state: 'visible', timeout: attempt === attempts ? timeout : timeout / 4 });
      } catch (error) {
        if (attempt < attempts) continue;
        throw new Error(`quick pick has no item ${label}; it shows: ${JSON.stringify(await this.quickPickLabels().catch(() => []))}`, { cause: error });
      }
      await this.clickRow(row);
      return;
    }
  }

  /**
   * Clicks a quick-pick row. The mouse first leaves the list: resting on the previous pick's row, it
   * opens that row's hover, which can lie over this row and take the click (seen under load).
   */
  private async clickRow(row: Locator): Promise<void> {
    await this.page.mouse.move(0, 0);
    await row.click({ timeout: 20_000 });
  }

  /**
   * Runs a command from the command palette by its title as shown there, e.g.
   * 'GradLens: Open Gradient Panel' (or a RegExp for the label). When the command asks something
   * in a quick pick, answer it in `then` (e.g. `() => vs.pickQuickItem('Derive')`): the whole
   * exchange is retried if the quick input closes on the way.
   */
  async runCommand(title: string | RegExp, then?: () => Promise<void>, filter = typeof title === 'string' ? title : ''): Promise<void> {
    await this.withQuickInput('F1', async (input) => {
      await this.setQuickInputValue(input, `>${filter}`);
      await this.pickQuickItem(title);
      await then?.();
    });
  }

  /** Focuses a view by its name, e.g. 'Problems', 'Gradient Explorer' ("…: Focus on <name> View"). */
  async focusView(name: string): Promise<void> {
    await this.runCommand(new RegExp(`Focus on ${escapeRegExp(name)} View$`), undefined, `Focus on ${name} View`);
  }

  // ---------------------------------------------------------------- editors

  /**
   * Moves focus back to the first editor group (after a click in a webview beside it, the webview's
   * group is active: the editor helpers read the active group, and Quick Open opens files there).
   */
  async focusFirstEditorGroup(): Promise<void> {
    await this.runCommand('View: Focus First Editor Group');
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Opens a workspace-relative file with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const base = path.basename(name);
    const dir = path.dirname(name);
    await this.withQuickInput('Control+P', async (input) => {
      await this.setQuickInputValue(input, name);
      let row = this.quickPickRows(base);
      if (dir !== '.') row = row.filter({ hasText: dir });
      try {
        await row.first().waitFor({ state: 'visible', timeout: 20_000 });
      } catch {
        throw new Error(`Quick Open found no ${name}; it shows: ${JSON.stringify(await this.quickPickLabels().catch(() => []))}`);
      }
      await this.clickRow(row.first());
      // Quick Open can re-sort its list under the click (recent files first, then the search's): if
      // another file opened, the quick input is opened again and the row picked again. (Example names
      // are chosen so that none fuzzy-matches another's full name: worked-example.nn.json and
      // worked-example-frozen-biases.nn.json did, and the wrong one opened three times running.)
      await this.waitForActiveTab(base, 20_000);
    });
  }

  private async waitForActiveTab(base: string, timeout = 30_000): Promise<void> {
    await this.page
      .locator('.part.editor .editor-group-container.active .tab.active .label-name', { hasText: exactly(base) })
      .waitFor({ state: 'visible', timeout });
  }

  /** Label of the active editor's tab, e.g. 'worked-example.nn.json'. */
  async activeTab(): Promise<string> {
    return clean(await this.page.locator('.part.editor .editor-group-container.active .tab.active .label-name').first().innerText());
  }

  /** The text editor of the active editor group. */
  get editor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * Maps the absolute `top` of rendered editor elements to line numbers: an element belongs to
   * the first rendered line at or below it (a CodeLens sits just above its line).
   */
  private async linesOf(selector: string, options: { textContent: boolean }): Promise<LineText[]> {
    return this.editor.evaluate(
      (element, { selector, textContent }) => {
        const editor = element as unknown as PageElement;
        const lines = [...editor.querySelectorAll('.margin-view-overlays > div')]
          .map((div) => ({ top: div.getBoundingClientRect().top, line: Number(div.querySelector('.line-numbers')?.textContent ?? NaN) }))
          .filter((entry) => Number.isFinite(entry.line))
          .sort((a, b) => a.top - b.top);
        return [...editor.querySelectorAll(selector)]
          .map((element) => {
            const top = element.getBoundingClientRect().top;
            const line = lines.find((entry) => entry.top >= top - 2)?.line ?? -1;
            const text = (textContent ? element.textContent : element.innerText) ?? '';
            return { line, text: text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim() };
          })
          .filter((entry) => entry.text !== '')
          .sort((a, b) => a.line - b.line);
      },
      { selector, ...options },
    );
  }

  /** CodeLenses of the active editor (visible part), each with the line it stands above. */
  async codeLenses(): Promise<LineText[]> {
    return this.linesOf('.codelens-decoration', { textContent: false });
  }

  /** Texts of the CodeLenses of the active editor, e.g. ['loss 0.2984 | ∂L/∂w …']. */
  async codeLensTexts(): Promise<string[]> {
    return (await this.codeLenses()).map((lens) => lens.text);
  }

  /**
   * Inlay hints (and any other injected text) in the visible part of the active editor, each with
   * its line. VS Code renders injected text as spans with generated `dyn-rule-*` classes.
   */
  async inlayHints(): Promise<LineText[]> {
    return this.linesOf('.view-line span[class*="dyn-rule"]', { textContent: true });
  }

  async inlayHintTexts(): Promise<string[]> {
    return (await this.inlayHints()).map((hint) => hint.text);
  }

  /** Moves the cursor of the active editor to a 1-based line (Go to Line). */
  async goToLine(line: number): Promise<void> {
    await this.withQuickInput('Control+G', async (input) => {
      await this.setQuickInputValue(input, `:${line}`);
      await this.page.keyboard.press('Enter');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
    });
  }

  /** Hovers over the first occurrence of `text` in the visible part of the active editor; returns the hover's text. */
  async hoverText(text: string): Promise<string> {
    await this.editor.locator('.view-line span', { hasText: text }).first().hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible' });
    return clean(await hover.innerText());
  }

  // ---------------------------------------------------------------- panels, status bar, views

  /** Text of a status bar item by its id, e.g. 'status.editor.mode' ('' when absent). */
  async statusBarItem(id: string): Promise<string> {
    const item = this.page.locator(`[id="${id}"]`);
    if ((await item.count()) === 0) return '';
    return clean(await item.first().innerText());
  }

  /** All status bar items as id → text. */
  async statusBar(): Promise<Record<string, string>> {
    const entries = await this.page
      .locator('.part.statusbar .statusbar-item')
      .evaluateAll((items) => items.map((item) => [item.id, (item as unknown as PageElement).innerText] as const));
    return Object.fromEntries(entries.map(([id, text]) => [id, clean(text)]));
  }

  /** The language mode of the active editor as the status bar shows it, e.g. 'GradLens Model'. */
  async languageMode(): Promise<string> {
    return this.statusBarItem('status.editor.mode');
  }

  /** True when the window is in restricted mode (workspace not trusted). */
  async isRestricted(): Promise<boolean> {
    return /Restricted Mode/i.test(await this.statusBarItem('status.workspaceTrust'));
  }

  /**
   * Shows the Problems panel and returns everything it lists (scrolling through its virtual list),
   * or only the problems of one file (by name, e.g. 'xor.nn.json').
   */
  async problems(file?: string): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.focusView('Problems');
      await panel.waitFor({ state: 'visible' });
    }
    const list = panel.locator('.monaco-list').first();
    const rows = new Map<number, string>();
    const collect = async (): Promise<void> => {
      const seen = await list
        .locator('.monaco-list-row')
        .evaluateAll((elements) =>
          (elements as unknown as { getAttribute(name: string): string | null }[]).map(
            (row) => [Number(row.getAttribute('data-index')), row.getAttribute('aria-label') ?? ''] as const,
          ),
        );
      for (const [index, label] of seen) rows.set(index, label);
    };
    // The list only renders the rows in view: scroll it to the top, then page down through it.
    const offset = async (): Promise<number> =>
      list.evaluate((element) => {
        const rowsElement = (element as unknown as PageElement).querySelector('.monaco-list-rows') as unknown as { style: { top: string } } | null;
        return rowsElement ? -parseFloat(rowsElement.style.top || '0') : 0;
      });
    const scrollUntilStill = async (deltaY: number, each?: () => Promise<unknown>): Promise<void> => {
      for (let step = 0, still = 0; step < 500 && still < 3; step++) {
        const before = await offset();
        await this.page.mouse.wheel(0, deltaY);
        await this.nextFrames();
        await each?.();
        still = (await offset()) === before ? still + 1 : 0;
      }
    };
    const overflows = async (): Promise<boolean> =>
      list.evaluate((element) => {
        const list = element as unknown as PageElement & { clientHeight: number };
        const rowsElement = list.querySelector('.monaco-list-rows') as unknown as { style: { height: string } } | null;
        return rowsElement ? parseFloat(rowsElement.style.height || '0') > list.clientHeight + 1 : false;
      });
    await collect();
    if ((await list.count()) > 0 && (await overflows())) {
      await list.hover();
      await scrollUntilStill(-1000);
      await collect();
      await scrollUntilStill(250, collect);
      await scrollUntilStill(-1000);
    }
    const problems: Problem[] = [];
    let current = '';
    for (const [, label] of [...rows].sort((a, b) => a[0] - b[0])) {
      const fileRow = /problems? in (?:file )?(.+?) of folder/.exec(label);
      if (fileRow) {
        current = fileRow[1];
        continue;
      }
      // "Error: <message> at line 13 and character 29. generated by gradlens"
      // (VS Code before 1.8x: "Error generated by gradlens: <message> at line 13 and character 29.")
      const row = /^(Error|Warning|Info)(?: generated by ([^:]+))?[^:]*: ([\s\S]*) at line (\d+) and character (\d+)\.(?: generated by ([\s\S]+))?$/.exec(label);
      if (row) {
        const severity = row[1].toLowerCase() as Problem['severity'];
        problems.push({ file: current, severity, message: row[3], line: Number(row[4]), column: Number(row[5]), source: row[6] ?? row[2] ?? '' });
      }
    }
    return file === undefined ? problems : problems.filter((problem) => problem.file === file);
  }

  /** Resolves after the page has painted twice (lets a scrolled list render its rows). */
  private async nextFrames(): Promise<void> {
    await this.page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as PageGlobals).requestAnimationFrame(() =>
            (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve(undefined)),
          ),
        ),
    );
  }

  /** Names of the channels the Output view offers. */
  async outputChannels(): Promise<string[]> {
    await this.focusView('Output'); // "Output: Show Output Channels..." is offered once the view exists
    let labels: string[] = [];
    await this.runCommand('Output: Show Output Channels...', async () => {
      await this.quickInput.locator('.monaco-list-row').first().waitFor({ timeout: 5_000 });
      labels = await this.quickPickLabels();
    });
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Shows an output channel and returns its visible text. */
  async outputText(channel: string): Promise<string> {
    await this.focusView('Output');
    await this.runCommand('Output: Show Output Channels...', () => this.pickQuickItem(channel));
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines').first();
    await lines.waitFor({ state: 'visible' });
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Labels of the rows a view shows, e.g. treeItems('Gradient Explorer'). The view must be visible. */
  async treeItems(viewName: string): Promise<string[]> {
    const pane = this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header[aria-label^="${viewName} Section"]`) });
    await pane.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    return (await pane.locator('.monaco-list-row').allInnerTexts()).map(clean);
  }

  /** Messages of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).map(clean);
  }

  // ---------------------------------------------------------------- webviews

  /**
   * The content frame of one of this extension's webviews (panel or view). Each webview is an
   * iframe in an iframe; the extensionId filter keeps VS Code's own webviews out.
   */
  webviewFrame(nth = 0): FrameLocator {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="extensionId=${this.e2e.extensionId}"]`)
      .nth(nth)
      .frameLocator('#active-frame');
  }

  /** For each canvas in a webview: how many pixels are not transparent (0 = nothing drawn). */
  async canvasInk(frame: FrameLocator = this.webviewFrame()): Promise<number[]> {
    return frame.locator('canvas').evaluateAll((canvases) =>
      (canvases as unknown as PageCanvas[]).map((canvas) => {
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0 || canvas.height === 0) return 0;
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) ink++;
        return ink;
      }),
    );
  }

  // ---------------------------------------------------------------- themes and screenshots

  /** Reads a setting from the code-server's user settings (shared by all windows of that server). */
  userSetting(key: string): unknown {
    try {
      return JSON.parse(readFileSync(path.join(this.server.userDataDir, 'User', 'settings.json'), 'utf8'))[key];
    } catch {
      return undefined;
    }
  }

  /** Switches the colour theme with 'Preferences: Color Theme' and waits until it is applied. */
  async setTheme(theme: ThemeName): Promise<void> {
    // The picker labels themes without the "Default " of their setting value ('Dark Modern').
    const label = theme.replace(/^Default /, '');
    await this.runCommand('Preferences: Color Theme', () =>
      this.pickQuickItem(new RegExp(`^\\s*(Default )?${escapeRegExp(label)}\\s*$`), label),
    );
    const kind = /high contrast light/i.test(theme) ? 'hc-light' : /high contrast/i.test(theme) ? 'hc-black' : /light/i.test(theme) ? 'vs' : 'vs-dark';
    await this.page.waitForFunction(
      (kind) => (globalThis as unknown as PageGlobals).document.querySelector('.monaco-workbench')?.classList.contains(kind) ?? false,
      kind,
      { timeout: 15_000 },
    );
    await this.quickInput.waitFor({ state: 'hidden' });
    // Every window of this code-server starts with the theme last chosen: wait until it is saved.
    const deadline = Date.now() + 10_000;
    while (this.userSetting('workbench.colorTheme') !== theme && Date.now() < deadline) await this.page.waitForTimeout(100);
  }

  /** artifacts/screenshots/<name>.png (its folder made), for a screenshot of this or another page. */
  screenshotPath(name: string): string {
    const file = path.join(this.e2e.screenshots, `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}.png`);
    mkdirSync(path.dirname(file), { recursive: true });
    return file;
  }

  /** Saves a screenshot of the whole window to artifacts/screenshots/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = this.screenshotPath(name);
    await this.nextFrames();
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * The mean brightness, 0 (black) … 255 (white), of (r + g + b) / 3 over one region of a saved screenshot:
   * what was really captured, which the DOM cannot tell (an iframe's style can be light while its pixels
   * are still dark). `box` is in the page's CSS pixels, as `Locator.boundingBox()` gives it. The page's own
   * Chromium decodes the PNG (createImageBitmap), so no image library is needed.
   */
  async screenshotBrightness(file: string, box: { x: number; y: number; width: number; height: number }): Promise<number> {
    const png = readFileSync(file).toString('base64');
    const region = JSON.stringify(box);
    return this.page.evaluate(`(async () => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(png)}), (c) => c.charCodeAt(0));
      const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const scale = image.width / innerWidth, box = ${region};
      const x = Math.max(0, Math.round(box.x * scale)), y = Math.max(0, Math.round(box.y * scale));
      const width = Math.min(image.width - x, Math.round(box.width * scale)), height = Math.min(image.height - y, Math.round(box.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      context.drawImage(image, x, y, width, height, 0, 0, width, height);
      const data = context.getImageData(0, 0, width, height).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
      return sum / (width * height);
    })()`) as Promise<number>;
  }

  // ---------------------------------------------------------------- logs of this window's extension host

  private get logsDir(): string {
    return path.join(this.server.userDataDir, 'logs');
  }

  private extensionHostDirs(): string[] {
    if (!existsSync(this.logsDir)) return [];
    return readdirSync(this.logsDir).flatMap((session) =>
      readdirSync(path.join(this.logsDir, session))
        .filter((name) => /^exthost\d+$/.test(name))
        .map((name) => path.join(this.logsDir, session, name)),
    );
  }

  /** The log folder of the extension host serving this window (created after the window opened). */
  private extensionHostDir(): string | undefined {
    const fresh = this.extensionHostDirs().filter((dir) => !this.knownExtensionHosts.has(dir));
    return fresh.sort((a, b) => Number(/(\d+)$/.exec(b)?.[1]) - Number(/(\d+)$/.exec(a)?.[1]))[0];
  }

  /** Text of GradLens's log output channel "GradLens" in this window ('' before it exists). */
  extensionLog(channel = 'GradLens'): string {
    const dir = this.extensionHostDir();
    const file = dir && path.join(dir, this.e2e.extensionId, `${channel}.log`);
    return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** This window's extension host log (activation errors, uncaught extension errors). */
  extensionHostLog(): string {
    const dir = this.extensionHostDir();
    const file = dir && path.join(dir, 'remoteexthost.log');
    return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
  }
}

/**
 * One workbench for the test file: opened before its first test, closed after its last; a
 * screenshot named `FAILED <test name>` is saved whenever a test fails.
 */
export function useWorkbench(options: WorkbenchOptions = {}): Workbench {
  const workbench = new Workbench(options);
  beforeAll(async () => {
    await workbench.start();
  }, 180_000);
  afterAll(async () => {
    await workbench.close();
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      if (!workbench.page) return;
      const file = await workbench.screenshot(`FAILED ${task.name}`).catch(() => undefined);
      if (file) process.stdout.write(`[e2e] screenshot of the failure: ${file}\n`);
    });
  });
  return workbench;
}

/** The example model files (workspace-relative), e.g. ['custom-derivative.nn.json', ...]. */
export function exampleModels(repoRoot: string = inject('gradlensE2E').repoRoot): string[] {
  const examples = path.join(repoRoot, 'examples');
  return readdirSync(examples, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.nn.json'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}
