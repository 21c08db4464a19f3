// Runs swagger-parser outside Jest's module loader (its json-schema-ref-parser dependency is ESM, which Jest 30 on
// Node 20 cannot require): validates each file given and prints one JSON line, { file: null | "error message" }.
import SwaggerParser from '@apidevtools/swagger-parser';

const results = {};
for (const file of process.argv.slice(2)) {
  try {
    await SwaggerParser.validate(file);
    results[file] = null;
  } catch (error) {
    results[file] = String(error?.message ?? error).slice(0, 2000);
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
