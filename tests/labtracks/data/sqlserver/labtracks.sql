/* Synthetic LabTracks rows in SQL Server flavour, the way "Generate Scripts" writes them.
   Invented animals; the test loads this into SQLite through the snapshot loader. */
USE [LabTracks_Test]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[SPECIES](
	[ID] [int] IDENTITY(1,1) NOT NULL,
	[SPECIES_NAME] [nvarchar](50) COLLATE SQL_Latin1_General_CP1_CI_AS NULL,
 CONSTRAINT [PK_SPECIES] PRIMARY KEY CLUSTERED
(
	[ID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY]
GO
CREATE TABLE dbo.GROUPS (
	ID INT NOT NULL,
	GROUP_NAME NVARCHAR(MAX) NULL,
	GROUP_DESCRIPTION VARCHAR(MAX) NULL,
	ACTIVE BIT NOT NULL
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
CREATE TABLE [dbo].[ANIMALS_COMMON](
	[ID] [int] NOT NULL,
	[CLASS_VALUES] [nvarchar](max) NULL,
	[SEX] [nvarchar](10) NULL,
	[BIRTH_DATE] [datetime2](7) NULL,
	[MATERNAL_INDEX] [int] NULL,
	[PATERNAL_INDEX] [int] NULL,
	[SPECIES_ID] [int] NULL,
	[GROUP_ID] [int] NULL,
	[CAGE_ID] [int] NULL,
	[ROOM_ID] [int] NULL,
	[IS_ALIVE] [bit] NULL
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
ALTER TABLE [dbo].[ANIMALS_COMMON] ADD  CONSTRAINT [DF_ANIMALS_COMMON_IS_ALIVE]  DEFAULT ((1)) FOR [IS_ALIVE]
GO
SET IDENTITY_INSERT [dbo].[SPECIES] ON 

INSERT [dbo].[SPECIES] ([ID], [SPECIES_NAME]) VALUES (1, N'Mouse')
INSERT [dbo].[SPECIES] ([ID], [SPECIES_NAME]) VALUES (2, N'Rat')
SET IDENTITY_INSERT [dbo].[SPECIES] OFF
GO
BEGIN TRANSACTION;
INSERT INTO dbo.GROUPS (ID, GROUP_NAME, GROUP_DESCRIPTION, ACTIVE) VALUES (5, N'Ai14 [reporter]; dbo.line', N'C57BL/6J -- not a comment', 1);
COMMIT;
GO
-- Parents, then the subject; the subject's row is spread over several lines.
INSERT [dbo].[ANIMALS_COMMON] ([ID], [CLASS_VALUES], [SEX], [BIRTH_DATE], [MATERNAL_INDEX], [PATERNAL_INDEX], [SPECIES_ID], [GROUP_ID], [CAGE_ID], [ROOM_ID], [IS_ALIVE]) VALUES (3001, N'<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>Ai14(RCL-tdT)/Ai14(RCL-tdT)</Full_Genotype></MouseCustomClass>', N'F', CAST(N'2023-03-01T00:00:00.0000000' AS DateTime2), NULL, NULL, 1, 5, 10, 20, 1)
INSERT [dbo].[ANIMALS_COMMON] ([ID], [CLASS_VALUES], [SEX], [BIRTH_DATE], [MATERNAL_INDEX], [PATERNAL_INDEX], [SPECIES_ID], [GROUP_ID], [CAGE_ID], [ROOM_ID], [IS_ALIVE]) VALUES (3002, N'<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Full_Genotype>wt/wt</Full_Genotype></MouseCustomClass>', N'M', CAST(N'2023-03-02T00:00:00.000' AS DateTime), NULL, NULL, 1, 5, 11, 20, 1)
INSERT [dbo].[ANIMALS_COMMON] ([ID], [CLASS_VALUES], [SEX], [BIRTH_DATE], [MATERNAL_INDEX], [PATERNAL_INDEX], [SPECIES_ID], [GROUP_ID], [CAGE_ID], [ROOM_ID], [IS_ALIVE])
VALUES (3100,
	N'<?xml version="1.0" encoding="utf-16"?><MouseCustomClass><Reserved_by>O''Neil</Reserved_by><Full_Genotype>Ai14(RCL-tdT)/wt</Full_Genotype></MouseCustomClass>',
	N'Male', CAST(N'2024-09-30T00:00:00.000' AS DateTime), 3001, 3002, 1, 5, 12, 21, 1)
GO
