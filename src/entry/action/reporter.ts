import * as core from '@actions/core';
import type { Location, PersistKey, Reporter } from '../../core/reporter.js';
import { secretForms } from '../../core/secret-forms.js';

function annotation(location?: Location): core.AnnotationProperties | undefined {
  if (!location) return undefined;
  return { file: location.file, startLine: location.line, startColumn: location.column };
}

/** Action reporter: each phase in core.group, warnings/errors as annotations, secrets masked. */
export class ActionReporter implements Reporter {
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(name, fn);
  }

  info(message: string): void {
    core.info(message);
  }

  detail(message: string): void {
    core.info(message);
  }

  warning(message: string, location?: Location): void {
    core.warning(message, annotation(location));
  }

  error(message: string, location?: Location): void {
    core.error(message, annotation(location));
  }

  secret(value: string): void {
    for (const form of secretForms(value)) core.setSecret(form);
  }

  persist(key: PersistKey, value: string): void {
    core.saveState(key, value);
  }
}
