/**
 * pyroaring (CRoaring) as an oracle for the portable RoaringTreemap format, run in the
 * reference-engine Python (tooling/interop/requirements.txt pins it).
 */
import { interopPython, runPythonJson } from '@silt/interop';

const script = `
import json, sys
from pyroaring import BitMap64
request = json.load(sys.stdin)
decoded = [sorted(BitMap64.deserialize(bytes.fromhex(h))) for h in request["decode"]]
encoded = []
for values in request["encode"]:
    bitmap = BitMap64(values)
    bitmap.run_optimize()
    encoded.append(bitmap.serialize().hex())
json.dump({"decoded": decoded, "encoded": encoded}, sys.stdout)
`;

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/**
 * Decodes portable treemaps and encodes sets of row indexes with pyroaring.
 *
 * @throws when the reference-engine Python or pyroaring is missing, saying how to install it.
 */
export async function pyroaring(request: { decode?: Uint8Array[]; encode?: number[][] }): Promise<{
  decoded: number[][];
  encoded: Uint8Array[];
}> {
  try {
    interopPython();
  } catch (error) {
    throw new Error(
      `The DV cross-check needs pyroaring in the reference-engine Python: ${(error as Error).message}`,
    );
  }
  const answer = await runPythonJson<{ decoded: number[][]; encoded: string[] }>(script, [], {
    input: JSON.stringify({
      decode: (request.decode ?? []).map(toHex),
      encode: request.encode ?? [],
    }),
    timeoutMs: 120_000,
  }).catch((error: Error) => {
    throw new Error(
      `pyroaring failed; install tooling/interop/requirements.txt into the reference-engine Python (\`.venv-interop/bin/python -m pip install -r tooling/interop/requirements.txt\`).\n${error.message}`,
    );
  });
  return { decoded: answer.decoded, encoded: answer.encoded.map(fromHex) };
}
