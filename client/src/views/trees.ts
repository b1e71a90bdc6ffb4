/** The three sidebar trees: Handbook, Checklist and Prompts. */
import * as vscode from 'vscode';
import type { ContentBundle, Coverage, HandbookEntryDef, HandbookTopicDef, PromptDef, StepId } from '../../../server/src/engine/types';
import { checklist, ChecklistStep, groupPrompts, PromptGroup } from '../models/trees';

type HandbookNode = { kind: 'topic'; topic: HandbookTopicDef } | { kind: 'entry'; topic: HandbookTopicDef; entry: HandbookEntryDef };

/** Handbook: topics → entries; selecting an entry opens it. */
export class HandbookTree implements vscode.TreeDataProvider<HandbookNode> {
  private readonly nodes = new Map<string, HandbookNode>();

  constructor(private readonly content: () => ContentBundle) {}

  getChildren(node?: HandbookNode): HandbookNode[] {
    if (!node) return this.content().handbook.map((topic) => this.node({ kind: 'topic', topic }));
    if (node.kind === 'topic') return node.topic.entries.map((entry) => this.node({ kind: 'entry', topic: node.topic, entry }));
    return [];
  }

  getParent(node: HandbookNode): HandbookNode | undefined {
    return node.kind === 'entry' ? this.node({ kind: 'topic', topic: node.topic }) : undefined;
  }

  getTreeItem(node: HandbookNode): vscode.TreeItem {
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(node.topic.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `topic:${node.topic.id}`;
      item.iconPath = new vscode.ThemeIcon('book');
      item.contextValue = 'mlsd.handbookTopic';
      return item;
    }
    const item = new vscode.TreeItem(node.entry.title, vscode.TreeItemCollapsibleState.None);
    item.id = `entry:${node.topic.id}/${node.entry.id}`;
    item.tooltip = node.entry.summary;
    item.iconPath = new vscode.ThemeIcon(node.entry.table ? 'table' : 'list-unordered');
    item.command = { command: 'mlsd.openHandbook', title: vscode.l10n.t('Open'), arguments: [`${node.topic.id}/${node.entry.id}`] };
    item.contextValue = 'mlsd.handbookEntry';
    return item;
  }

  /** The (stable) node of a topic, for `TreeView.reveal`. */
  topicNode(topic: HandbookTopicDef): HandbookNode {
    return this.node({ kind: 'topic', topic });
  }

  private node(node: HandbookNode): HandbookNode {
    const key = node.kind === 'topic' ? `t:${node.topic.id}` : `e:${node.topic.id}/${node.entry.id}`;
    const known = this.nodes.get(key);
    if (known) return known;
    this.nodes.set(key, node);
    return node;
  }
}

type ChecklistNode = { kind: 'step'; uri: string; step: ChecklistStep } | { kind: 'check'; uri: string; step: ChecklistStep; check: ChecklistStep['checks'][number] } | { kind: 'empty' };

/** Checklist: the active answer's seven steps with pass/fail icons and their checks. */
export class ChecklistTree implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private state?: { uri: string; coverage: Coverage };

  constructor(private readonly stepOrder: () => readonly StepId[]) {}

  /** Shows the coverage of an answer (undefined clears the view). */
  update(uri: string | undefined, coverage: Coverage | undefined): void {
    this.state = uri && coverage ? { uri, coverage } : undefined;
    this.changed.fire();
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    if (!this.state) return node ? [] : [{ kind: 'empty' }];
    const { uri, coverage } = this.state;
    if (!node) return checklist(coverage, this.stepOrder()).map((step) => ({ kind: 'step', uri, step }));
    if (node.kind === 'step') return node.step.checks.map((check) => ({ kind: 'check', uri, step: node.step, check }));
    return [];
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    if (node.kind === 'empty') {
      const item = new vscode.TreeItem(vscode.l10n.t('Open a *.mlsd.md answer to see its checklist'));
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    if (node.kind === 'step') {
      const s = node.step;
      const item = new vscode.TreeItem(s.label, s.checks.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.description = s.description;
      item.iconPath =
        s.status === 'pass'
          ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
          : s.status === 'partial'
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
      item.command = { command: 'mlsd.revealStep', title: vscode.l10n.t('Reveal'), arguments: [node.uri, s.step, s.line] };
      item.contextValue = `mlsd.step.${s.status}`;
      return item;
    }
    const item = new vscode.TreeItem(node.check.title);
    item.description = node.check.id;
    item.iconPath = node.check.passed ? new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('list.warningForeground'));
    if (!node.check.passed) {
      item.command = { command: 'mlsd.fixCheck', title: vscode.l10n.t('Fix'), arguments: [node.uri, node.check.id] };
      item.tooltip = vscode.l10n.t('Click to see the quick fixes for {0}', node.check.id);
    }
    item.contextValue = node.check.passed ? 'mlsd.check.passed' : 'mlsd.check.failed';
    return item;
  }
}

type PromptNode = { kind: 'topic'; group: PromptGroup } | { kind: 'prompt'; prompt: PromptDef };

/** Prompts: practice prompts grouped by topic, with their level. */
export class PromptsTree implements vscode.TreeDataProvider<PromptNode> {
  constructor(private readonly content: () => ContentBundle) {}

  getChildren(node?: PromptNode): PromptNode[] {
    if (!node) return groupPrompts(this.content().prompts).map((group) => ({ kind: 'topic', group }));
    if (node.kind === 'topic') return node.group.prompts.map((prompt) => ({ kind: 'prompt', prompt }));
    return [];
  }

  getTreeItem(node: PromptNode): vscode.TreeItem {
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(node.group.topic, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.group.prompts.length);
      item.iconPath = new vscode.ThemeIcon('folder-library');
      return item;
    }
    const p = node.prompt;
    const item = new vscode.TreeItem(p.title);
    item.id = `prompt:${p.id}`;
    item.description = p.level;
    item.tooltip = new vscode.MarkdownString().appendText(p.brief);
    item.iconPath = new vscode.ThemeIcon(p.level === 'staff' ? 'star-full' : 'star-half');
    item.contextValue = 'mlsd.prompt';
    item.command = { command: 'mlsd.startPractice', title: vscode.l10n.t('Start practice'), arguments: [p.id] };
    return item;
  }
}
