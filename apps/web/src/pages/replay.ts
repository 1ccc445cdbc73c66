/** Entry of the 3D replay page (replay.html). */
import { byId } from "../dom";
import { showReplay } from "../replay/replay-page";

void showReplay(byId("app"));
