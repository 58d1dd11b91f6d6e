import * as vscode from 'vscode';
import type { WireRange } from '../../protocol';
import { revealRange, uriArgument } from '../editor';
import { Commands } from '../../protocol';
import type { ReflattenDocuments } from '../reflatten-documents';
import { captureFromQemu, recapture } from './capture';
import type { Comparisons } from './compare';
import { compareCaptures, compareWithSelected, openSide, rerunCompare, selectForCompare, swapCompare } from './compare';
import { convertToLayout } from './convert';
import { exportJson } from './export-json';
import { captureFromGdb } from './gdb-capture';
import { reflattenActive } from './reflatten';
import type { Services } from './services';
import { showMap } from './show-map';
import { translate } from './translate';

/** Registers every `qemu-memmap.*` command the client owns (not `qemu-memmap.reflatten`: the server executes that one). */
export function registerCommands(s: Services, documents: ReflattenDocuments, restartServer: () => Promise<void>, comparisons: Comparisons): vscode.Disposable[] {
  const register = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  return [
    register(Commands.reflattenActive, (uri) => reflattenActive(s, documents, uri)),
    register(Commands.showMap, (uri, space) => showMap(s, uri, space)),
    register(Commands.translateGpa, (address, uri) => translate(s, 'gpa2hva', address, uri)),
    register(Commands.translateHva, (address, uri) => translate(s, 'hva2gpa', address, uri)),
    register(Commands.why, (address, uri) => translate(s, 'why', address, uri)),
    register(Commands.convertToLayout, (uri) => convertToLayout(s, uri)),
    register(Commands.exportJson, (uri, target) => exportJson(s, uri, target)),
    register(Commands.selectAddressSpace, (space) => s.spaces.select(typeof space === 'string' ? space : undefined)),
    register(Commands.refreshViews, () => s.source.refresh()),
    register(Commands.restartServer, () => restartServer()),
    register(Commands.captureFromQemu, (address, target) => captureFromQemu(s, address, target)),
    register(Commands.captureFromGdb, (source, target, binary) => captureFromGdb(s, source, target, binary)),
    register(Commands.recapture, (uri) => recapture(s, uri)),
    register(Commands.compareCaptures, (a, b) => compareCaptures(s, comparisons, a, b)),
    register(Commands.selectForCompare, (uri) => selectForCompare(comparisons, uri)),
    register(Commands.compareWithSelected, (uri) => compareWithSelected(s, comparisons, uri)),
    register(Commands.rerunCompare, () => rerunCompare(s, comparisons)),
    register(Commands.swapCompare, () => swapCompare(s, comparisons)),
    register(Commands.openDifferenceA, (node) => openSide('a', node)),
    register(Commands.openDifferenceB, (node) => openSide('b', node)),
    // Tree items' click: [uri, range].
    register(Commands.revealRange, (uri, range) => {
      const target = uriArgument(uri);
      return target && isRange(range) ? revealRange(target, range, true) : undefined;
    }),
  ];
}

function isRange(x: unknown): x is WireRange {
  return typeof x === 'object' && x !== null && 'start' in x && 'end' in x;
}
