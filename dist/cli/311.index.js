import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 311;
export const ids = [311];
export const modules = {

/***/ 53311:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planCommand: () => (/* binding */ planCommand)
/* harmony export */ });
/* harmony import */ var _strategies_passenger_plan_on_host_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(25004);
/* harmony import */ var _strategies_passenger_pip_inputs_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85471);
/* harmony import */ var _strategies_passenger_tasks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90732);
/* harmony import */ var _record_state_model_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17028);
/* harmony import */ var _record_state_store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(84784);
/* harmony import */ var _pipeline_plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2426);
/* harmony import */ var _session_session_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(91763);







/**
 * `plan`: compares `from` → `to`. With a target and an SSH key but no --from, `from` is the
 * revision recorded as deployed on that target (read from its state.json, nothing changed); a
 * passenger target's plan is then the one its deploy executes (planOnHost).
 */
async function planCommand(settings, config, reporter, report) {
    const plannerConfig = (0,_strategies_passenger_tasks_js__WEBPACK_IMPORTED_MODULE_2__/* .plannerConfigFor */ .ak)(config, settings.target);
    if (settings.target && settings.ssh.privateKey && !settings.from) {
        await (0,_session_session_js__WEBPACK_IMPORTED_MODULE_6__/* .withSession */ .fQ)(settings, config, reporter, report, async (s) => {
            const state = await (0,_record_state_store_js__WEBPACK_IMPORTED_MODULE_4__/* .loadHostState */ .Ip)(s);
            const planned = await (0,_session_session_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .Oi)(s, 'Plan', () => (0,_pipeline_plan_js__WEBPACK_IMPORTED_MODULE_5__.computePlan)(settings, plannerConfig, reporter, report, (0,_record_state_model_js__WEBPACK_IMPORTED_MODULE_3__/* .currentRelease */ .BX)(state)?.sha ?? null));
            // a passenger deploy also reads the host (the virtualenv): the plan shows what that deploy will do
            if (s.target.strategy === 'passenger') {
                const target = s.target;
                const pipInputs = await (0,_strategies_passenger_pip_inputs_read_js__WEBPACK_IMPORTED_MODULE_1__/* .changedPipInputs */ .$)(settings.repo, planned.plan, target);
                report.plan = (await (0,_strategies_passenger_plan_on_host_js__WEBPACK_IMPORTED_MODULE_0__/* .planOnHost */ .FG)(s.conn.exec, target, plannerConfig, planned.plan, pipInputs)).plan;
            }
        });
        return;
    }
    await (0,_session_session_js__WEBPACK_IMPORTED_MODULE_6__/* .phase */ .Oi)({ reporter, report }, 'Plan', () => (0,_pipeline_plan_js__WEBPACK_IMPORTED_MODULE_5__.computePlan)(settings, plannerConfig, reporter, report));
}
//# sourceMappingURL=plan-command.js.map

/***/ })

};
