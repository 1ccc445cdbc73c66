/** Entry of the judging page (index.html). */
import { ComparePage } from "../compare/compare-page";
import { byId } from "../dom";

const page = new ComparePage(byId("app"));
void page.next();
