import { CreateUsersAndTeams1795500000001 } from './1795500000001-CreateUsersAndTeams';
import { CreateClients1795500000002 } from './1795500000002-CreateClients';
import { CreateCalls1795500000003 } from './1795500000003-CreateCalls';
import { CreateCallbacks1795500000004 } from './1795500000004-CreateCallbacks';
import { CreateRoutingRules1795500000005 } from './1795500000005-CreateRoutingRules';
import { CreateAuditLog1795500000006 } from './1795500000006-CreateAuditLog';
import { CreateCallLegs1795500000007 } from './1795500000007-CreateCallLegs';
import { CreateSettings1795500000008 } from './1795500000008-CreateSettings';
import { IndexCallEnds1795500000009 } from './1795500000009-IndexCallEnds';
import { BinaryTagCollation1795500000010 } from './1795500000010-BinaryTagCollation';
import { CreateKpiDaily1795500000011 } from './1795500000011-CreateKpiDaily';
import { DealConfirmation1795500000050 } from './1795500000050-DealConfirmation';
import { NormalizeLogins1795500000060 } from './1795500000060-NormalizeLogins';
import { RecountKpiMissed1795500000090 } from './1795500000090-RecountKpiMissed';
import { CreateDispositions1795500000110 } from './1795500000110-CreateDispositions';
import { CreateSourceSpend1795500000130 } from './1795500000130-CreateSourceSpend';
import { CreateClientStageChanges1795500000150 } from './1795500000150-CreateClientStageChanges';
import { CallClientStage1795500000160 } from './1795500000160-CallClientStage';
import { CreateContactsDaily1795500000190 } from './1795500000190-CreateContactsDaily';
import { IndexCallContacts1795500000191 } from './1795500000191-IndexCallContacts';
import { IndexClientOrganization1795500000192 } from './1795500000192-IndexClientOrganization';
import { IndexCallReports1795500000200 } from './1795500000200-IndexCallReports';
import { IndexDealReports1795500000201 } from './1795500000201-IndexDealReports';
import { CallbackPromisedAt1795500000210 } from './1795500000210-CallbackPromisedAt';
import { CreateImports1795500000220 } from './1795500000220-CreateImports';
import { CreateLeadSources1795500000230 } from './1795500000230-CreateLeadSources';
import { CreateLeads1795500000231 } from './1795500000231-CreateLeads';
import { OrganizationPeople1795500000240 } from './1795500000240-OrganizationPeople';
import { ClientNameKey1795500000250 } from './1795500000250-ClientNameKey';
import { CreateDncNumbers1795500000300 } from './1795500000300-CreateDncNumbers';
import { MergeCallPeriodIndexes1795500000211 } from './1795500000211-MergeCallPeriodIndexes';
import { CreateCampaigns1795500000310 } from './1795500000310-CreateCampaigns';
import { CampaignAttempts1795500000320 } from './1795500000320-CampaignAttempts';
import { CreateReviewItems1795500000340 } from './1795500000340-CreateReviewItems';
import { CreateCallReviews1795500000341 } from './1795500000341-CreateCallReviews';
import { CreateCallReviewScores1795500000342 } from './1795500000342-CreateCallReviewScores';
import { CreateSegments1795500000355 } from './1795500000355-CreateSegments';
import { CampaignSegment1795500000356 } from './1795500000356-CampaignSegment';
import { ClientLanguage1795500000360 } from './1795500000360-ClientLanguage';
import { CreateMessageTemplates1795500000361 } from './1795500000361-CreateMessageTemplates';
import { CreateMailings1795500000362 } from './1795500000362-CreateMailings';
import { CreateMessages1795500000363 } from './1795500000363-CreateMessages';
import { CreateMessageOptouts1795500000364 } from './1795500000364-CreateMessageOptouts';
import { MessageAttempts1795500000365 } from './1795500000365-MessageAttempts';
import { CreateTasks1795500000350 } from './1795500000350-CreateTasks';
import { IndexClientBirthdays1795500000351 } from './1795500000351-IndexClientBirthdays';
import { IndexTaskReports1795500000352 } from './1795500000352-IndexTaskReports';

/** Every migration, in order. Listed by hand so that tsx, tests and bundlers load the same set. */
export const migrations = [
  CreateUsersAndTeams1795500000001,
  CreateClients1795500000002,
  CreateCalls1795500000003,
  CreateCallbacks1795500000004,
  CreateRoutingRules1795500000005,
  CreateAuditLog1795500000006,
  CreateCallLegs1795500000007,
  CreateSettings1795500000008,
  IndexCallEnds1795500000009,
  BinaryTagCollation1795500000010,
  CreateKpiDaily1795500000011,
  DealConfirmation1795500000050,
  NormalizeLogins1795500000060,
  RecountKpiMissed1795500000090,
  CreateDispositions1795500000110,
  CreateSourceSpend1795500000130,
  CreateClientStageChanges1795500000150,
  CallClientStage1795500000160,
  CreateContactsDaily1795500000190,
  IndexCallContacts1795500000191,
  IndexClientOrganization1795500000192,
  IndexCallReports1795500000200,
  IndexDealReports1795500000201,
  CallbackPromisedAt1795500000210,
  MergeCallPeriodIndexes1795500000211,
  CreateImports1795500000220,
  CreateLeadSources1795500000230,
  CreateLeads1795500000231,
  OrganizationPeople1795500000240,
  ClientNameKey1795500000250,
  CreateDncNumbers1795500000300,
  CreateCampaigns1795500000310,
  CampaignAttempts1795500000320,
  CreateReviewItems1795500000340,
  CreateCallReviews1795500000341,
  CreateCallReviewScores1795500000342,
  CreateTasks1795500000350,
  IndexClientBirthdays1795500000351,
  IndexTaskReports1795500000352,
  CreateSegments1795500000355,
  CampaignSegment1795500000356,
  ClientLanguage1795500000360,
  CreateMessageTemplates1795500000361,
  CreateMailings1795500000362,
  CreateMessages1795500000363,
  CreateMessageOptouts1795500000364,
  MessageAttempts1795500000365,
];
