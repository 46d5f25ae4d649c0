import type { Request, Response, Router } from "express";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { ConflictError, ForbiddenError } from "../../errors.js";
import type { Society, Track } from "../../knowledge/knowledge.types.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import { translate } from "../i18n/translate.js";
import { type FieldErrors, formText, pageId, parseForm } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { societyBody, trackBody } from "./reference-data.schemas.js";
import {
  emptySocietyForm,
  emptyTrackForm,
  presentSocietyForm,
  presentSocietyList,
  presentTrackForm,
  presentTrackList,
  societyFormValues,
  trackFormValues,
  type SocietyFormValues,
  type TrackFormValues,
} from "./reference-data.view-models.js";

/** What the reference-data pages use (nothing more of the container). */
export interface ReferenceDataPagesDeps {
  referenceData: ReferenceDataService;
}

/** A province has dozens of societies, not thousands: one page lists them all. */
const allSocieties = { page: 1, pageSize: 500, order: "asc" } as const;

function organizer(req: Request, res: Response): Actor | null {
  const actor = signedInActor(req, res);
  if (actor && !isStaff(actor)) throw new ForbiddenError("Only organizers can manage learned societies and tracks");
  return actor;
}

const submittedSociety = (body: unknown): SocietyFormValues => ({
  name: formText(body, "name"),
  nameEn: formText(body, "nameEn"),
  discipline: formText(body, "discipline"),
  description: formText(body, "description"),
  descriptionEn: formText(body, "descriptionEn"),
});

const submittedTrack = (body: unknown): TrackFormValues => ({
  code: formText(body, "code"),
  name: formText(body, "name"),
  nameEn: formText(body, "nameEn"),
  description: formText(body, "description"),
  descriptionEn: formText(body, "descriptionEn"),
});

/**
 * Organizer pages for the association's reference data: learned societies (学会) and programme
 * tracks (专项), each listed with an add form, an edit form and deletion, through the same
 * service as the JSON API. A name or code already taken is reported beside its field.
 */
export function registerReferenceDataPages(
  router: Router,
  { referenceData }: ReferenceDataPagesDeps,
  keptInput: KeptInputForms,
): void {
  const renderSocietyForm = (
    res: Response,
    form: { society?: Society; values: SocietyFormValues; errors?: FieldErrors },
    status = 200,
  ) => res.status(status).render("pages/organizer/society-form", presentSocietyForm(res.locals.lang, form));

  const renderTrackForm = (
    res: Response,
    form: { track?: Track; values: TrackFormValues; errors?: FieldErrors },
    status = 200,
  ) => res.status(status).render("pages/organizer/track-form", presentTrackForm(res.locals.lang, form));

  const renderSocieties = async (res: Response, error: string | null = null, status = 200) => {
    const page = await referenceData.listSocieties(undefined, allSocieties);
    res.status(status).render("pages/organizer/societies", presentSocietyList(res.locals.lang, page.items, error));
  };

  const renderTracks = async (res: Response, error: string | null = null, status = 200) => {
    const tracks = await referenceData.listTracks();
    res.status(status).render("pages/organizer/tracks", presentTrackList(res.locals.lang, tracks, error));
  };

  /** Saves a society, or shows the form again with the reason beside the field at fault. */
  const saveSociety = async (req: Request, res: Response, actor: Actor, society?: Society) => {
    const lang = res.locals.lang;
    const values = submittedSociety(req.body);
    const form = parseForm(societyBody, req.body, lang);
    if (!form.ok) return renderSocietyForm(res, { society, values, errors: form.errors }, 400);
    try {
      if (society) await referenceData.updateSociety(actor, society.id, form.data);
      else await referenceData.createSociety(actor, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const errors = { name: translate(lang, "referenceData.societies.nameTaken") };
      return renderSocietyForm(res, { society, values, errors }, 409);
    }
    res.locals.setFlash(society ? "flash.societySaved" : "flash.societyAdded");
    res.redirect(303, "/organizer/societies");
  };

  const saveTrack = async (req: Request, res: Response, actor: Actor, track?: Track) => {
    const lang = res.locals.lang;
    const values = submittedTrack(req.body);
    const form = parseForm(trackBody, req.body, lang);
    if (!form.ok) return renderTrackForm(res, { track, values, errors: form.errors }, 400);
    try {
      if (track) await referenceData.updateTrack(actor, track.id, form.data);
      else await referenceData.createTrack(actor, form.data);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const errors = { code: translate(lang, "referenceData.tracks.codeTaken") };
      return renderTrackForm(res, { track, values, errors }, 409);
    }
    res.locals.setFlash(track ? "flash.trackSaved" : "flash.trackAdded");
    res.redirect(303, "/organizer/tracks");
  };

  router.get("/organizer/societies", async (req, res) => {
    if (organizer(req, res)) await renderSocieties(res);
  });

  router.get("/organizer/societies/new", (req, res) => {
    if (organizer(req, res)) renderSocietyForm(res, { values: emptySocietyForm });
  });

  router.post("/organizer/societies", async (req, res) => {
    const actor = organizer(req, res);
    if (actor) await saveSociety(req, res, actor);
  });
  keptInput.add("/organizer/societies", async (req, res, status) => {
    organizer(req, res);
    renderSocietyForm(res, { values: submittedSociety(req.body) }, status);
  });

  router.get("/organizer/societies/:id/edit", async (req, res) => {
    if (!organizer(req, res)) return;
    const society = await referenceData.getSociety(pageId(req));
    renderSocietyForm(res, { society, values: societyFormValues(society) });
  });

  router.post("/organizer/societies/:id", async (req, res) => {
    const actor = organizer(req, res);
    if (actor) await saveSociety(req, res, actor, await referenceData.getSociety(pageId(req)));
  });
  keptInput.add("/organizer/societies/:id", async (req, res, status) => {
    organizer(req, res);
    const society = await referenceData.getSociety(pageId(req));
    renderSocietyForm(res, { society, values: submittedSociety(req.body) }, status);
  });

  router.post("/organizer/societies/:id/delete", async (req, res) => {
    const actor = organizer(req, res);
    if (!actor) return;
    await referenceData.deleteSociety(actor, pageId(req));
    res.locals.setFlash("flash.societyDeleted");
    res.redirect(303, "/organizer/societies");
  });

  router.get("/organizer/tracks", async (req, res) => {
    if (organizer(req, res)) await renderTracks(res);
  });

  router.get("/organizer/tracks/new", (req, res) => {
    if (organizer(req, res)) renderTrackForm(res, { values: emptyTrackForm });
  });

  router.post("/organizer/tracks", async (req, res) => {
    const actor = organizer(req, res);
    if (actor) await saveTrack(req, res, actor);
  });
  keptInput.add("/organizer/tracks", async (req, res, status) => {
    organizer(req, res);
    renderTrackForm(res, { values: submittedTrack(req.body) }, status);
  });

  router.get("/organizer/tracks/:id/edit", async (req, res) => {
    if (!organizer(req, res)) return;
    const track = await referenceData.getTrack(pageId(req));
    renderTrackForm(res, { track, values: trackFormValues(track) });
  });

  router.post("/organizer/tracks/:id", async (req, res) => {
    const actor = organizer(req, res);
    if (actor) await saveTrack(req, res, actor, await referenceData.getTrack(pageId(req)));
  });
  keptInput.add("/organizer/tracks/:id", async (req, res, status) => {
    organizer(req, res);
    const track = await referenceData.getTrack(pageId(req));
    renderTrackForm(res, { track, values: submittedTrack(req.body) }, status);
  });

  router.post("/organizer/tracks/:id/delete", async (req, res) => {
    const actor = organizer(req, res);
    if (!actor) return;
    try {
      await referenceData.deleteTrack(actor, pageId(req));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const { needs } = error.details as { needs: number };
      return renderTracks(res, translate(res.locals.lang, "referenceData.tracks.inUse", { count: needs }), 409);
    }
    res.locals.setFlash("flash.trackDeleted");
    res.redirect(303, "/organizer/tracks");
  });
}
