/** Entry of the leaderboard page (leaderboard.html). */
import { byId } from "../dom";
import { showLeaderboard } from "../leaderboard/leaderboard-page";

void showLeaderboard(byId("app"));
