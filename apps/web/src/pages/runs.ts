/** Entry of the run browser (runs.html). */
import { byId } from "../dom";
import { showRuns } from "../runs/runs-page";

void showRuns(byId("app"));
