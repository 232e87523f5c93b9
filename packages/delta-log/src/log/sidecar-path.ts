import type { SidecarAction } from '../protocol/actions.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { SIDECAR_FOLDER } from './log-file-name.js';

/**
 * The storage path of a V2 checkpoint's sidecar file. Sidecars always live in
 * `_delta_log/_sidecars/` (PROTOCOL.md, "Sidecar File Information"); writers store the file
 * name, URI-encoded, or a full URI of a file in that folder.
 *
 * @throws {CorruptLog} when the path is not a file name in `_delta_log/_sidecars/`.
 */
export function sidecarPath(sidecar: SidecarAction, checkpointFile: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(sidecar.path);
  } catch (cause) {
    throw new CorruptLog({
      file: checkpointFile,
      reason: `the sidecar path "${sidecar.path}" is not a valid URI`,
      cause,
    });
  }
  // The protocol allows sidecars nowhere else, so only the name of a full URI matters: it is
  // looked up in this table's own _sidecars folder, never followed elsewhere.
  const name = decoded.slice(decoded.lastIndexOf('/') + 1);
  const folderMatches =
    !decoded.includes('/') ||
    decoded.endsWith(`/${SIDECAR_FOLDER}${name}`) ||
    decoded === `${SIDECAR_FOLDER}${name}` ||
    decoded === `_sidecars/${name}`;
  if (!folderMatches || name === '' || name === '.' || name === '..') {
    throw new CorruptLog({
      file: checkpointFile,
      reason: `the sidecar path "${sidecar.path}" does not name a file in ${SIDECAR_FOLDER}`,
    });
  }
  return `${SIDECAR_FOLDER}${name}`;
}
