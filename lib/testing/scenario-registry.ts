import { BUILT_IN_SCENARIOS } from './built-in-scenarios.js';
import { parseJson } from './json.js';
import { fail, ok, type ParseResult } from './parse-result.js';
import { layerScenario, parseScenario, resolveScenario, type ResolvedScenario, type Scenario } from './scenario.js';

/** The scenario chosen for one request, and the name the operation list shows. */
export interface ScenarioSelection {
  readonly name: string;
  readonly scenario: ResolvedScenario;
}

/** Header that names a scenario. */
export const SCENARIO_HEADER = 'x-mock-scenario';
/** Header that carries a scenario as JSON (layered over the named one). */
export const SCENARIO_JSON_HEADER = 'x-mock-scenario-json';
/** Query parameter that names a scenario. */
export const SCENARIO_QUERY = 'mock-scenario';

/** Named scenarios and the defaults of one server. */
export class ScenarioRegistry {
  private readonly named = new Map<string, Scenario>(Object.entries(BUILT_IN_SCENARIOS));
  private defaults: Scenario = {};

  /** Registers (or replaces) a named scenario; throws a `TypeError` for an invalid one. */
  set(name: string, scenario: Scenario): void {
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError('setScenario: the name must be a non-empty string');
    this.named.set(name, checked(scenario, `setScenario('${name}')`));
  }

  /** Changes the defaults every scenario is layered over; throws a `TypeError` for invalid fields. */
  changeDefaults(scenario: Scenario): void {
    this.defaults = layerScenario(this.defaults, checked(scenario, 'defaultScenario'));
  }

  /**
   * Picks the scenario of a request: `X-Mock-Scenario` header, else the `mock-scenario` query
   * parameter, else 'default'; then `X-Mock-Scenario-Json` layered on top.
   */
  select(headers: Readonly<Record<string, string>>, queryName: string | undefined): ParseResult<ScenarioSelection> {
    const requested = headers[SCENARIO_HEADER] ?? queryName;
    const name = requested ?? 'default';
    const named = this.named.get(name);
    if (named === undefined) {
      return fail(`unknown mock scenario "${name}" (known: ${[...this.named.keys()].join(', ')})`);
    }
    let scenario = layerScenario(this.defaults, named);
    const json = headers[SCENARIO_JSON_HEADER];
    if (json === undefined) return ok({ name, scenario: resolveScenario(scenario) });
    const parsed = parseJson(json);
    const inline = parsed.ok ? parseScenario(parsed.value) : parsed;
    if (!inline.ok) return fail(`${SCENARIO_JSON_HEADER}: ${inline.error}`);
    scenario = layerScenario(scenario, inline.value);
    return ok({ name: requested === undefined ? 'inline' : `${name}+inline`, scenario: resolveScenario(scenario) });
  }
}

function checked(scenario: Scenario, where: string): Scenario {
  const result = parseScenario(scenario);
  if (!result.ok) throw new TypeError(`${where}: ${result.error}`);
  return result.value;
}
