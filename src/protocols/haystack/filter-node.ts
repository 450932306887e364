// haystack-core's parsed filters as this code reads them: the node objects (children, JSON form, own
// evaluation) and their JSON form, whose `type` names the term (`node.type` is a numeric enum).

import type { HDict, HRef } from 'haystack-core';

export interface FilterToken {
  type: string;
  text?: string;
  paths?: string[];
  val?: unknown;
}

/** The JSON form of a node (`node.toJSON()`). */
export interface FilterNodeData {
  type: string;
  tokens?: FilterToken[];
  nodes?: FilterNodeData[];
}

export interface FilterNode {
  nodes: readonly FilterNode[];
  toJSON(): FilterNodeData;
  eval(context: { dict: HDict; resolve: (ref: HRef) => HDict | undefined }): boolean;
}

/** The tag path a `has`, `missing` or comparison term starts with (`equipRef->siteRef->tz` → three names). */
export function pathOf(token: FilterToken | undefined): string[] {
  return token?.paths ?? (token?.text !== undefined ? [token.text] : []);
}
