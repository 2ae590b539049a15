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
