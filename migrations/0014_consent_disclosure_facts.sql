-- What the door needs to decide a read across registries (decideDisclosure in
-- src/features/consent/model.ts), in one call: the source's and the recipient's registries
-- and — when they differ, or the reader is a guardian — the contact's subjects (contacter and
-- children) with their directives, guardians and latest capacity assessment, and the
-- contact's statutory disclosures. A PL/pgSQL function so that each connection plans the query
-- once (it is asked on every read across registries), and so that a policy's facts query can
-- call it beside its own row (the handoff policy does).
CREATE FUNCTION consent_disclosure_facts(p_contact uuid, p_source uuid, p_recipient uuid, p_guardian boolean)
RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_src uuid;
  v_rcp uuid;
  v_subjects json := '[]'::json;
  v_statutory json := '[]'::json;
BEGIN
  SELECT coalesce(o.registry_organization_id, o.id) INTO v_src FROM organization o WHERE o.id = p_source;
  SELECT coalesce(o.registry_organization_id, o.id) INTO v_rcp FROM organization o WHERE o.id = p_recipient;
  IF p_guardian OR v_src IS DISTINCT FROM v_rcp THEN
    SELECT coalesce(json_agg(json_build_object(
        'personId', p.id,
        'birthDate', to_char(p.birth_date, 'YYYY-MM-DD'),
        'turvakielto', p.turvakielto,
        'directives', (SELECT coalesce(json_agg(json_build_object(
            'id', d.id, 'decision', d.decision, 'grantorKind', d.grantor_kind,
            'grantorPersonId', d.grantor_person_id, 'coGrantorPersonIds', d.co_grantor_person_ids,
            'status', d.status,
            'sourceRegistryIds', (SELECT coalesce(json_agg(coalesce(o.registry_organization_id, o.id, x)), '[]'::json)
              FROM unnest(d.source_organization_ids) x LEFT JOIN organization o ON o.id = x),
            'recipientRegistryIds', (SELECT coalesce(json_agg(coalesce(o.registry_organization_id, o.id, x)), '[]'::json)
              FROM unnest(d.recipient_organization_ids) x LEFT JOIN organization o ON o.id = x),
            'recipientGuardians', d.recipient_guardians, 'categories', d.categories,
            'validFrom', to_char(d.valid_from, 'YYYY-MM-DD'), 'validUntil', to_char(d.valid_until, 'YYYY-MM-DD')
          ) ORDER BY d.recorded_at DESC, d.version DESC), '[]'::json)
          FROM consent_directive d WHERE d.subject_person_id = p.id),
        'guardians', (SELECT coalesce(json_agg(json_build_object(
            'personId', g.guardian_person_id, 'custody', g.custody, 'decisionRights', g.decision_rights,
            'scope', g.scope, 'validFrom', to_char(g.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(g.valid_to, 'YYYY-MM-DD')
          )), '[]'::json)
          FROM guardianship g WHERE g.child_person_id = p.id),
        'capacity', (SELECT json_build_object('capable', c.capable, 'categories', c.categories,
            'reviewDate', to_char(c.review_date, 'YYYY-MM-DD'))
          FROM capacity_assessment c WHERE c.subject_person_id = p.id
          ORDER BY c.assessed_at DESC, c.id DESC LIMIT 1)
      ) ORDER BY p.created_at, p.id), '[]'::json)
    INTO v_subjects
    FROM consent_person p
    WHERE p.contact_id = p_contact AND p.role IN ('contacter', 'child');
    SELECT coalesce(json_agg(json_build_object(
        'id', s.id, 'subjectPersonId', s.subject_person_id,
        'recipientRegistryId', coalesce((SELECT coalesce(o.registry_organization_id, o.id)
          FROM organization o WHERE o.id = s.recipient_organization_id), s.recipient_organization_id),
        'items', s.items, 'disclosedAt', s.disclosed_at, 'validUntil', s.valid_until
      ) ORDER BY s.disclosed_at DESC), '[]'::json)
    INTO v_statutory
    FROM statutory_disclosure s WHERE s.contact_id = p_contact;
  END IF;
  RETURN json_build_object('src', v_src, 'rcp', v_rcp, 'subjects', v_subjects, 'statutory', v_statutory);
END;
$$;
