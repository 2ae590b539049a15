-- Synthetic LabTracks rows for the tests: invented animals, not real records.
-- Portable (loads in SQLite and PostgreSQL). NUMERIC ids make psqlODBC return Decimals;
-- ANIMALS_COMMON has no primary key so that one id can appear twice, as in the real table.

CREATE TABLE SPECIES (ID INTEGER, SPECIES_NAME VARCHAR(50));
CREATE TABLE GROUPS (ID INTEGER, GROUP_NAME VARCHAR(100), GROUP_DESCRIPTION VARCHAR(200));
CREATE TABLE ANIMALS_COMMON (
    ID NUMERIC(10, 0),
    CLASS_VALUES TEXT,
    SEX VARCHAR(10),
    BIRTH_DATE TIMESTAMP,
    MATERNAL_INDEX NUMERIC(10, 0),
    PATERNAL_INDEX NUMERIC(10, 0),
    SPECIES_ID INTEGER,
    GROUP_ID INTEGER,
    CAGE_ID NUMERIC(10, 0),
    ROOM_ID INTEGER
);

INSERT INTO SPECIES VALUES (7, 'Mus musculus');
INSERT INTO GROUPS VALUES (3, 'BALB colony', 'BALB/cJ; imported 2022');

-- Parents.
INSERT INTO ANIMALS_COMMON VALUES (2001, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Full_Genotype>Gad2-IRES-Cre/Gad2-IRES-Cre</Full_Genotype></MouseCustomClass>', 'F', '2023-02-01 00:00:00', NULL, NULL, 7, 3, 90, 11);
INSERT INTO ANIMALS_COMMON VALUES (2002, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'M', '2023-02-02 00:00:00', NULL, NULL, 7, 3, 91, 11);

-- 1001: complete; born in the afternoon (the time of day must not matter).
INSERT INTO ANIMALS_COMMON VALUES (1001, '<?xml version="1.0" encoding="utf-16"?><MouseCustomClass xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Reserved_by>Test</Reserved_by><Full_Genotype>Gad2-IRES-Cre/wt</Full_Genotype></MouseCustomClass>', 'Female', '2024-05-06 13:45:00', 2001, 2002, 7, 3, 501, 12);
-- 1002: its dam's row is missing and no sire is recorded.
INSERT INTO ANIMALS_COMMON VALUES (1002, '<MouseCustomClass><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', 'm', '2024-06-01 00:00:00', 2003, NULL, 7, 3, 502, -1);
-- 1003: two rows for one id, both must come back.
INSERT INTO ANIMALS_COMMON VALUES (1003, NULL, 'F', '2024-07-01 00:00:00', 2001, 2002, 7, 3, 503, 12);
INSERT INTO ANIMALS_COMMON VALUES (1003, NULL, 'F', '2024-07-01 00:00:00', 2001, 2002, 7, 3, 504, 13);
-- 1004: CLASS_VALUES declares an entity; it must be refused, not expanded.
INSERT INTO ANIMALS_COMMON VALUES (1004, '<?xml version="1.0"?><!DOCTYPE MouseCustomClass [<!ENTITY g "wt/wt">]><MouseCustomClass><Full_Genotype>&g;</Full_Genotype></MouseCustomClass>', 'M', '2024-08-01 00:00:00', 2001, 2002, 7, 3, 505, 12);

-- Tasks. NUMERIC ids and TASK_OBJECT, as LabTracks declares them (Decimals through psqlODBC).
CREATE TABLE TASK_TYPE (ID NUMERIC(10, 0), TYPE_NAME VARCHAR(100));
CREATE TABLE ACUC_PROTOCOL (ID NUMERIC(10, 0), LINK_INDEX NUMERIC(10, 0), PROTOCOL_NUMBER VARCHAR(50));
CREATE TABLE TASK_SET (
    ID NUMERIC(10, 0),
    TASK_TYPE_ID NUMERIC(10, 0),
    ACUC_LINK_ID NUMERIC(10, 0),
    INVESTIGATOR_ID NUMERIC(10, 0),
    DATE_START TIMESTAMP,
    DATE_END TIMESTAMP,
    TASK_STATUS VARCHAR(1),
    TASK_DESCRIPTION VARCHAR(255)
);
CREATE TABLE TASK_SET_OBJECT (TASK_ID NUMERIC(10, 0), TASK_OBJECT NUMERIC(10, 0));

INSERT INTO TASK_TYPE VALUES (11, 'Perfusion - transcardial');
INSERT INTO TASK_TYPE VALUES (12, 'RO Injection');
INSERT INTO TASK_TYPE VALUES (13, 'Retro-Orbital Injection (AAV)');
INSERT INTO TASK_TYPE VALUES (14, 'Ear Tag');
-- Link 71 appears twice (a data-entry slip): its tasks must still come back once.
INSERT INTO ACUC_PROTOCOL VALUES (1, 70, '2304');
INSERT INTO ACUC_PROTOCOL VALUES (2, 71, '2212');
INSERT INTO ACUC_PROTOCOL VALUES (3, 71, '2212');

-- 1001: a finished perfusion late in the evening (the date, not the time, matters).
INSERT INTO TASK_SET VALUES (5001, 11, 70, 4242, '2024-09-03 23:30:00', '2024-09-04 00:10:00', 'F', 'Perfused after imaging');
-- 1002: a finished RO injection with no investigator and a link to no protocol.
INSERT INTO TASK_SET VALUES (5002, 12, 99, NULL, '2024-08-01 10:00:00', '2024-08-01 10:20:00', 'F', NULL);
-- 1003: a scheduled perfusion (not done yet) and a cancelled RO injection.
INSERT INTO TASK_SET VALUES (5003, 11, 70, 4242, '2024-12-01 09:00:00', NULL, 'S', NULL);
INSERT INTO TASK_SET VALUES (5004, 13, 71, 4243, '2024-10-01 09:00:00', NULL, 'C', NULL);
-- 1001 and 1003 together: one finished RO injection task for two animals, status in lower
-- case, start date missing (the end date stands in), protocol link duplicated.
INSERT INTO TASK_SET VALUES (5005, 13, 71, 4243, NULL, '2024-07-15 16:00:00', 'f', NULL);
-- 1004: a finished task of another kind.
INSERT INTO TASK_SET VALUES (5006, 14, 70, 4242, '2024-08-02 08:00:00', NULL, 'F', NULL);

INSERT INTO TASK_SET_OBJECT VALUES (5001, 1001);
INSERT INTO TASK_SET_OBJECT VALUES (5002, 1002);
INSERT INTO TASK_SET_OBJECT VALUES (5003, 1003);
INSERT INTO TASK_SET_OBJECT VALUES (5004, 1003);
INSERT INTO TASK_SET_OBJECT VALUES (5005, 1001);
INSERT INTO TASK_SET_OBJECT VALUES (5005, 1003);
INSERT INTO TASK_SET_OBJECT VALUES (5006, 1004);
