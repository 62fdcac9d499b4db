/**
 * `@msr/mlflow-client` — see the package README.
 *
 * @module
 */
export const PACKAGE_NAME = '@msr/mlflow-client';
