// ESLint 9 flat config.
// - typescript-eslint `recommended` (syntactic only: no type information, so `eslint .` stays fast)
// - eslint-plugin-import-x `no-cycle` on src/: DESIGN.md wants cycles broken by src/internal/
// - no-restricted-syntax on src/: no module holds mutable state at its top level (DESIGN.md); what varies per
//   server, per action or per consumer is passed in (test/lint.test.ts shows what the rule refuses)
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

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
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
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
    }
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
