// ESLint 9 flat config.
// - typescript-eslint `recommended` (syntactic only: no type information, so `eslint .` stays fast)
// - eslint-plugin-import-x `no-cycle` on src/: DESIGN.md wants cycles broken by src/internal/
// - no-restricted-syntax on src/: no module holds mutable state at its top level (DESIGN.md); what varies per
//   server, per action or per consumer is passed in (test/lint.test.ts shows what the rule refuses)
// - no-restricted-syntax on src/ outside src/internal/: no representation field of an iteratee, an enumerator or an
//   enumeratee is read there (DESIGN.md: the representation stays inside); those modules use the toolkit of
//   src/internal/iteratee.ts and src/internal/core.ts (`isCont`, `resultOf`, `continueWith`, `enumeratee`...)
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/** No module holds mutable state at its top level (all of src/). */
const moduleState = [
  {
    selector:
      "Program > VariableDeclaration[kind!='const'], Program > ExportNamedDeclaration > VariableDeclaration[kind!='const']",
    message:
      'No module-level `let` or `var`: state that varies is passed in (an option, an argument), not kept by the module.'
  },
  {
    selector:
      "Program > ExpressionStatement AssignmentExpression[left.type='MemberExpression'], Program > ExpressionStatement UpdateExpression[argument.type='MemberExpression'], Program > ExpressionStatement UnaryExpression[operator='delete']",
    message:
      'No assignment to a member of an object at module level (an imported or exported one is shared by every user): pass the value in instead.'
  },
  {
    selector:
      "Program > ExpressionStatement > CallExpression[callee.object.name='Object'][callee.property.name=/^(assign|defineProperty|defineProperties|setPrototypeOf)$/]",
    message: 'No mutation of an object at module level: build the object whole where it is declared.'
  },
  {
    selector: 'PropertyDefinition[static=true][readonly!=true]',
    message: 'No mutable static field: a class is module-level state. Make it `readonly`, or pass the value in.'
  }
]

/**
 * The representation fields of IterateeClass (internal/iteratee.ts), Enumerator and Enumeratee (internal/core.ts).
 * `_tag` is not among them: Input, Step, Option, Html and Body carry a public `_tag` that any module may read, and a
 * rule that sees no types cannot tell an iteratee's from theirs. test/representation.test.ts asks the type checker,
 * and refuses an iteratee's `_tag` as well.
 */
const FIELDS = '/^_(k|a|in|msg|cause|p|pp|r|src|on|sink|bind|feed|applyOn|through|sequence|filterMap|contentType)$/'
const REPRESENTATION_MESSAGE =
  'A representation field is read only inside src/internal/: use the toolkit of internal/iteratee.ts (isCont, resultOf, continueWith...) or internal/core.ts (enumeratee, feedInner, feedFor...).'
const representation = [
  {
    selector: `MemberExpression[computed=false][property.name=${FIELDS}]`,
    message: REPRESENTATION_MESSAGE
  },
  {
    selector: `MemberExpression[computed=true][property.value=${FIELDS}]`,
    message: REPRESENTATION_MESSAGE
  },
  {
    selector: `ObjectPattern > Property[key.name=${FIELDS}]`,
    message: REPRESENTATION_MESSAGE
  }
]

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', '.bench-out/', '.scratch/', '**/*.d.ts']
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_'
        }
      ],
      // fp-ts-style type-class code needs `{}` and interface merging with classes
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-unsafe-declaration-merging': 'off'
    }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // without these two, import-x skips .ts files when it follows imports, and no-cycle sees nothing
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.json'] })]
    },
    rules: {
      'import-x/no-cycle': 'error',
      // public modules should not leak `any`; say so without failing the build
      '@typescript-eslint/no-explicit-any': 'warn'
    }
  },
  {
    // one rule, two lists: flat config replaces a rule's options, so internal/ gets its own list below
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...moduleState, ...representation] }
  },
  {
    files: ['src/internal/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...moduleState] }
  },
  {
    // the representations and run loop need existential types (`Iteratee<any, any>`)
    files: ['src/internal/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'docs/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
