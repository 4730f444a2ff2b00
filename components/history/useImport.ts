'use client';
/** One import at a time: uploading with progress, then what the server said. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportAnswer, Problem } from '@/lib/review/api-schemas';
import { uploadRecording, type Upload } from './upload-recording';

export type ImportState =
  | { status: 'idle' }
  | { status: 'uploading'; name: string; loaded: number; total: number }
  | { status: 'imported'; name: string; answer: ImportAnswer }
  | { status: 'refused'; name: string; problem: Problem };

export function useImport(onImported: () => void): { state: ImportState; start(file: File): void } {
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const current = useRef<Upload | null>(null);
  useEffect(() => () => current.current?.abort(), []);
  const start = useCallback(
    (file: File) => {
      if (current.current) return;
      setState({ status: 'uploading', name: file.name, loaded: 0, total: file.size });
      const upload = uploadRecording(file, ({ loaded, total }) =>
        setState({ status: 'uploading', name: file.name, loaded, total }),
      );
      current.current = upload;
      void upload.done.then((outcome) => {
        current.current = null;
        setState(
          outcome.ok
            ? { status: 'imported', name: file.name, answer: outcome.answer }
            : { status: 'refused', name: file.name, problem: outcome.problem },
        );
        if (outcome.ok) onImported();
      });
    },
    [onImported],
  );
  return { state, start };
}
