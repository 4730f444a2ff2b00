/**
 * Sends a recording to `POST /api/import` with XMLHttpRequest: unlike fetch, it reports upload progress, so a
 * large file shows a real progress bar. The server takes it whole or not at all.
 */
import { answerOf, importAnswerSchema, problemOf, type ImportAnswer, type Problem } from '@/lib/review/api-schemas';

export type UploadOutcome = { ok: true; answer: ImportAnswer } | { ok: false; problem: Problem };

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface Upload {
  done: Promise<UploadOutcome>;
  abort(): void;
}

export function uploadRecording(file: File, onProgress: (progress: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      if (xhr.status !== 201) return resolve({ ok: false, problem: problemOf(xhr.status, xhr.responseText) });
      const answer = answerOf(importAnswerSchema, xhr.responseText);
      resolve(answer.ok ? { ok: true, answer: answer.value } : { ok: false, problem: answer.problem });
    };
    // A server that refuses an upload early (too large) may close the connection before the browser has sent it all.
    xhr.onerror = () =>
      resolve({
        ok: false,
        problem: {
          message:
            'the upload was cut off before the server answered: the server may be down, or the file larger than its import limit (DRAINSCOPE_MAX_IMPORT_MB)',
          line: null,
        },
      });
    xhr.onabort = () =>
      resolve({ ok: false, problem: { message: 'the upload was cancelled: nothing was imported', line: null } });
  });
  xhr.open('POST', `/api/import?name=${encodeURIComponent(file.name)}`);
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}
