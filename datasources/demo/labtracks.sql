-- LabTracks demo snapshot: SYNTHETIC data, invented for demonstrations and tests.
-- No row describes a real animal. Ids 650101-650124 are subjects, 640001-640030 their parents.
-- Portable SQL (INTEGER, VARCHAR(n), TEXT, TIMESTAMP): loads in SQLite and PostgreSQL alike.
--
-- Deliberately imperfect subjects, each meant to fail aind-data-schema validation once:
--   650121  SEX is NULL
--   650122  its group names no recognised strain
--   650123  CLASS_VALUES is malformed XML, so the genotype is unknown (other fields are fine)
--   650124  no parents recorded (no breeding info for an in-house animal); room and cage -1.
--           aind-data-schema 2.9.2 only enforces that rule when `source` is the very
--           Organization.AI object, so a JSON document without breeding info still passes.
-- Every other subject validates.
--
-- breeding_group is the GROUP_NAME of the dam's group (her own row's GROUP_ID), as 0.24 read
-- it; the subject's own group names its strain. They differ for 650122 (own group 13, "Mixed
-- cross"; dam 640019 in group 10, "Gad2-IRES-Cre"); 650124 has no dam, so no breeding group.
-- TASK_SET.TASK_DESCRIPTION is a column 0.24 never read: the service reads it (as a surgery's
-- notes) only where the database has it, so it is here to show notes in the demo.

CREATE TABLE SPECIES (
    ID INTEGER NOT NULL PRIMARY KEY,
    SPECIES_NAME VARCHAR(100)
);

CREATE TABLE GROUPS (
    ID INTEGER NOT NULL PRIMARY KEY,
    GROUP_NAME VARCHAR(100),
    GROUP_DESCRIPTION VARCHAR(255)
);

CREATE TABLE ANIMALS_COMMON (
    ID INTEGER NOT NULL PRIMARY KEY,
    CLASS_VALUES TEXT,
    SEX VARCHAR(10),
    BIRTH_DATE TIMESTAMP,
    MATERNAL_INDEX INTEGER,
    PATERNAL_INDEX INTEGER,
    SPECIES_ID INTEGER,
    GROUP_ID INTEGER,
    CAGE_ID INTEGER,
    ROOM_ID INTEGER
);

INSERT INTO SPECIES (ID, SPECIES_NAME) VALUES (1, 'mouse');
INSERT INTO SPECIES (ID, SPECIES_NAME) VALUES (2, 'rat');

INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (1, 'Pvalb-IRES-Cre;Ai14', 'Pvalb-IRES-Cre x Ai14 on C57BL/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (2, 'Sst-IRES-Cre;Ai32', 'C57BL6J background');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (3, 'Vip-IRES-Cre;Ai148', 'B6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (4, 'C57BL/6J wild type', 'Wild-type colony');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (5, 'Slc17a7;Camk2a-tTA;Ai93', 'Triple transgenic, C57BL/6J background');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (6, 'Dbh-Cre_KH212', 'C57BL/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (7, 'Chat-IRES-Cre-neo', 'Chat-IRES-Cre-neo on B6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (8, 'Ai14 homozygous', 'Reporter line, C57Bl/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (9, 'Rorb-IRES2-Cre;Ai14', 'C57BL/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (10, 'Gad2-IRES-Cre', 'BALB/c background');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (11, 'Emx1-IRES-Cre', 'C57BL/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (12, 'Xyz-Unknown-Cre', 'C57BL/6J');
INSERT INTO GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION) VALUES (13, 'Mixed cross', 'Outbred mixed background, strain not recorded');

-- Parents: odd ids are dams, even ids sires.
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640001, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Pvalb-IRES-Cre/Pvalb-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-01-10 00:00:00', NULL, NULL, 1, 1, 600001, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640002, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'M', '2023-01-10 00:00:00', NULL, NULL, 1, 1, 600001, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640003, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Sst-IRES-Cre/Sst-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-02-14 00:00:00', NULL, NULL, 1, 2, 600002, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640004, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai32(RCL-ChR2(H134R)_EYFP)/Ai32(RCL-ChR2(H134R)_EYFP)</Full_Genotype></MouseCustomClass>', 'M', '2023-02-14 00:00:00', NULL, NULL, 1, 2, 600002, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640005, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Vip-IRES-Cre/Vip-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-03-21 00:00:00', NULL, NULL, 1, 3, 600003, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640006, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai148(TIT2L-GC6f-ICL-tTA2)/Ai148(TIT2L-GC6f-ICL-tTA2)</Full_Genotype></MouseCustomClass>', 'M', '2023-03-21 00:00:00', NULL, NULL, 1, 3, 600003, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640007, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-04-05 00:00:00', NULL, NULL, 1, 4, 600004, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640008, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-04-05 00:00:00', NULL, NULL, 1, 4, 600004, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640009, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-05-16 00:00:00', NULL, NULL, 1, 5, 600005, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640010, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai93(TITL-GCaMP6f)/Ai93(TITL-GCaMP6f)</Full_Genotype></MouseCustomClass>', 'M', '2023-05-16 00:00:00', NULL, NULL, 1, 5, 600005, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640011, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Dbh-Cre_KH212/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-06-07 00:00:00', NULL, NULL, 1, 6, 600006, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640012, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-06-07 00:00:00', NULL, NULL, 1, 6, 600006, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640013, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Chat-IRES-Cre-neo/Chat-IRES-Cre-neo</Full_Genotype></MouseCustomClass>', 'F', '2023-07-19 00:00:00', NULL, NULL, 1, 7, 600007, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640014, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-07-19 00:00:00', NULL, NULL, 1, 7, 600007, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640015, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'F', '2023-08-08 00:00:00', NULL, NULL, 1, 8, 600008, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640016, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'M', '2023-08-08 00:00:00', NULL, NULL, 1, 8, 600008, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640017, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Rorb-IRES2-Cre/Rorb-IRES2-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-09-12 00:00:00', NULL, NULL, 1, 9, 600009, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640018, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'M', '2023-09-12 00:00:00', NULL, NULL, 1, 9, 600009, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640019, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Gad2-IRES-Cre/Gad2-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-10-03 00:00:00', NULL, NULL, 1, 10, 600010, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640020, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-10-03 00:00:00', NULL, NULL, 1, 10, 600010, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640021, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Emx1-IRES-Cre/Emx1-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-11-22 00:00:00', NULL, NULL, 1, 11, 600011, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640022, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-11-22 00:00:00', NULL, NULL, 1, 11, 600011, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640023, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Xyz-Unknown-Cre/Xyz-Unknown-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-12-06 00:00:00', NULL, NULL, 1, 12, 600012, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640024, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-12-06 00:00:00', NULL, NULL, 1, 12, 600012, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640025, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Pvalb-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-06-27 00:00:00', NULL, NULL, 1, 1, 600013, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640026, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'M', '2023-06-27 00:00:00', NULL, NULL, 1, 1, 600013, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640027, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Sst-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-07-25 00:00:00', NULL, NULL, 1, 2, 600014, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640028, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai32(RCL-ChR2(H134R)_EYFP)/Ai32(RCL-ChR2(H134R)_EYFP)</Full_Genotype></MouseCustomClass>', 'M', '2023-07-25 00:00:00', NULL, NULL, 1, 2, 600014, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640029, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'F', '2023-08-29 00:00:00', NULL, NULL, 1, 4, 600015, 2001);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (640030, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-08-29 00:00:00', NULL, NULL, 1, 4, 600015, 2001);

-- Subjects.
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650101, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt</Full_Genotype></MouseCustomClass>', 'F', '2024-02-12 00:00:00', 640001, 640002, 1, 1, 700101, 2101);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650102, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt</Full_Genotype></MouseCustomClass>', 'M', '2024-03-04 00:00:00', 640025, 640026, 1, 1, 700102, 2101);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650103, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt</Full_Genotype></MouseCustomClass>', 'F', '2024-04-18 00:00:00', 640003, 640004, 1, 2, 700103, 2101);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650104, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Sst-IRES-Cre/wt;Ai32(RCL-ChR2(H134R)_EYFP)/wt</Full_Genotype></MouseCustomClass>', 'Male', '2024-05-02 00:00:00', 640027, 640028, 1, 2, 700104, 2101);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650105, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Vip-IRES-Cre/wt;Ai148(TIT2L-GC6f-ICL-tTA2)/wt</Full_Genotype></MouseCustomClass>', 'F', '2024-06-21 00:00:00', 640005, 640006, 1, 3, 700105, 2102);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650106, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Vip-IRES-Cre/wt;Ai148(TIT2L-GC6f-ICL-tTA2)/wt</Full_Genotype></MouseCustomClass>', 'M', '2024-06-21 00:00:00', 640005, 640006, 1, 3, 700106, 2102);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650107, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2024-07-09 00:00:00', 640007, 640008, 1, 4, 700107, 2102);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650108, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'Female', '2024-08-15 00:00:00', 640029, 640030, 1, 4, 700108, 2102);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650109, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt</Full_Genotype></MouseCustomClass>', 'F', '2024-09-03 00:00:00', 640009, 640010, 1, 5, 700109, 2103);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650110, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt</Full_Genotype></MouseCustomClass>', 'M', '2024-09-03 00:00:00', 640009, 640010, 1, 5, 700110, 2103);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650111, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Dbh-Cre_KH212/wt</Full_Genotype></MouseCustomClass>', 'M', '2024-10-27 00:00:00', 640011, 640012, 1, 6, 700111, 2103);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650112, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Chat-IRES-Cre-neo/wt</Full_Genotype></MouseCustomClass>', 'F', '2024-11-11 00:00:00', 640013, 640014, 1, 7, 700112, 2103);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650113, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', 'F', '2024-12-05 00:00:00', 640015, 640016, 1, 8, 700113, 2104);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650114, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Rorb-IRES2-Cre/wt;Ai14(RCL-tdT)/wt</Full_Genotype></MouseCustomClass>', 'M', '2025-01-14 00:00:00', 640017, 640018, 1, 9, 700114, 2104);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650115, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Rorb-IRES2-Cre/wt;Ai14(RCL-tdT)/wt</Full_Genotype></MouseCustomClass>', 'F', '2025-01-14 00:00:00', 640017, 640018, 1, 9, 700115, 2104);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650116, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Gad2-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'M', '2025-02-20 00:00:00', 640019, 640020, 1, 10, 700116, 2104);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650117, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Emx1-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'F', '2025-03-08 00:00:00', 640021, 640022, 1, 11, 700117, 2105);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650118, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Emx1-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'M', '2025-03-08 00:00:00', 640021, 640022, 1, 11, 700118, 2105);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650119, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Xyz-Unknown-Cre/wt</Full_Genotype></MouseCustomClass>', 'F', '2025-04-16 00:00:00', 640023, 640024, 1, 12, 700119, 2105);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650120, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Dbh-Cre_KH212/wt</Full_Genotype></MouseCustomClass>', 'f', '2025-05-01 00:00:00', 640011, 640012, 1, 6, 700120, 2105);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650121, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Chat-IRES-Cre-neo/wt</Full_Genotype></MouseCustomClass>', NULL, '2025-05-19 00:00:00', 640013, 640014, 1, 7, 700121, 2106);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650122, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>Gad2-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'M', '2025-06-02 00:00:00', 640019, 640020, 1, 13, 700122, 2106);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650123, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Reserved_by>Demo Colony</Reserved_by><Full_Genotype>Pvalb-IRES-Cre/wt;Ai14(RCL-tdT)/wt</MouseCustomClass>', 'F', '2025-06-30 00:00:00', 640001, 640002, 1, 1, 700123, 2106);
INSERT INTO ANIMALS_COMMON (ID, CLASS_VALUES, SEX, BIRTH_DATE, MATERNAL_INDEX, PATERNAL_INDEX, SPECIES_ID, GROUP_ID, CAGE_ID, ROOM_ID) VALUES (650124, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Demo Colony</Reserved_by><Reserved_Date xsi:nil="true" /><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2025-07-22 00:00:00', NULL, NULL, 1, 4, -1, -1);

-- Tasks (procedures LabTracks records). Synthetic, like everything above.
-- Finished perfusions: 650101, 650105, 650114. Finished retro-orbital injections: 650102,
-- 650109 (no investigator recorded), 650112 (no IACUC protocol linked). Not finished, so not
-- procedures: 650103 (perfusion scheduled), 650106 (RO injection cancelled), 650110 (perfusion
-- with no status). Finished tasks of other kinds (not procedures): 650101, 650104.
-- LabTracks knows only that an RO injection happened, not its material or volume: those
-- procedures fail validation by nature (the LAS 2020 request holds the details).

CREATE TABLE TASK_TYPE (
    ID INTEGER NOT NULL PRIMARY KEY,
    TYPE_NAME VARCHAR(100)
);

CREATE TABLE ACUC_PROTOCOL (
    ID INTEGER NOT NULL PRIMARY KEY,
    LINK_INDEX INTEGER,
    PROTOCOL_NUMBER VARCHAR(50)
);

CREATE TABLE TASK_SET (
    ID INTEGER NOT NULL PRIMARY KEY,
    TASK_TYPE_ID INTEGER,
    ACUC_LINK_ID INTEGER,
    INVESTIGATOR_ID INTEGER,
    DATE_START TIMESTAMP,
    DATE_END TIMESTAMP,
    TASK_STATUS VARCHAR(1),
    TASK_DESCRIPTION VARCHAR(255)
);

CREATE TABLE TASK_SET_OBJECT (
    TASK_ID INTEGER NOT NULL,
    TASK_OBJECT INTEGER NOT NULL
);

INSERT INTO TASK_TYPE (ID, TYPE_NAME) VALUES (1, 'Perfusion');
INSERT INTO TASK_TYPE (ID, TYPE_NAME) VALUES (2, 'RO Injection');
INSERT INTO TASK_TYPE (ID, TYPE_NAME) VALUES (3, 'Tail Biopsy');
INSERT INTO TASK_TYPE (ID, TYPE_NAME) VALUES (4, 'Cage Change');

INSERT INTO ACUC_PROTOCOL (ID, LINK_INDEX, PROTOCOL_NUMBER) VALUES (1, 501, '2109');
INSERT INTO ACUC_PROTOCOL (ID, LINK_INDEX, PROTOCOL_NUMBER) VALUES (2, 502, '2115');

INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90001, 1, 501, 3101, '2024-06-20 09:30:00', '2024-06-20 10:15:00', 'F', 'Transcardial perfusion, whole brain collected');
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90002, 3, 502, 3102, '2024-02-26 08:00:00', '2024-02-26 08:10:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90003, 2, 502, 3102, '2024-05-10 13:00:00', '2024-05-10 13:20:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90004, 1, 501, 3101, '2024-09-02 09:00:00', NULL, 'S', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90005, 4, 502, 3103, '2024-06-01 07:30:00', '2024-06-01 07:45:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90006, 1, 501, 3103, '2024-10-15 10:00:00', '2024-10-15 10:40:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90007, 2, 502, 3102, '2024-09-10 14:00:00', NULL, 'C', 'Cancelled: animal reassigned');
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90008, 2, 502, NULL, '2024-11-20 11:00:00', '2024-11-20 11:15:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90009, 1, 501, 3101, '2024-12-02 09:00:00', NULL, NULL, NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90010, 2, NULL, 3104, '2025-01-28 15:00:00', '2025-01-28 15:20:00', 'F', NULL);
INSERT INTO TASK_SET (ID, TASK_TYPE_ID, ACUC_LINK_ID, INVESTIGATOR_ID, DATE_START, DATE_END, TASK_STATUS, TASK_DESCRIPTION) VALUES (90011, 1, 502, 3103, '2025-05-06 09:45:00', '2025-05-06 10:30:00', 'F', NULL);

INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90001, 650101);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90002, 650101);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90003, 650102);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90004, 650103);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90005, 650104);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90006, 650105);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90007, 650106);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90008, 650109);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90009, 650110);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90010, 650112);
INSERT INTO TASK_SET_OBJECT (TASK_ID, TASK_OBJECT) VALUES (90011, 650114);
